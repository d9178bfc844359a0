package io.parcours.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Differences between rule-set versions, as a business user reviews them before activating. */
class RuleSetDiffTest {

  private static RuleFile text(String name, String content) {
    return new RuleFile(name, content.getBytes(StandardCharsets.UTF_8));
  }

  private static RuleSetSource version(String v, RuleFile... files) {
    return new RuleSetSource(v, List.of(files));
  }

  @Test
  void identicalVersionsHaveNoHunks() {
    RuleSetSource a = version("1", text("a.drl", "x\ny\n"));
    RuleSetDiff diff = RuleSetDiff.between(a, version("2", text("a.drl", "x\ny\n")));
    assertEquals(RuleSetDiff.Change.UNCHANGED, diff.files().get(0).change());
    assertTrue(diff.files().get(0).hunks().isEmpty());
    assertEquals("", diff.unified());
  }

  @Test
  void aChangedLineIsShownWithItsNumbersAndContext() {
    String before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10";
    String after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10";
    RuleSetDiff diff =
        RuleSetDiff.between(
            version("1", text("a.drl", before)), version("2", text("a.drl", after)));
    RuleSetDiff.FileDiff f = diff.files().get(0);
    assertEquals(RuleSetDiff.Change.CHANGED, f.change());
    assertEquals(1, f.hunks().size());
    RuleSetDiff.Hunk h = f.hunks().get(0);
    assertEquals(2, h.oldStart());
    assertEquals(7, h.oldLines());
    assertEquals(2, h.newStart());
    assertEquals(7, h.newLines());
    assertEquals(new RuleSetDiff.Line(RuleSetDiff.Kind.REMOVED, 5, 0, "5"), h.lines().get(3));
    assertEquals(new RuleSetDiff.Line(RuleSetDiff.Kind.ADDED, 0, 5, "five"), h.lines().get(4));
    assertEquals(new RuleSetDiff.Line(RuleSetDiff.Kind.CONTEXT, 6, 6, "6"), h.lines().get(5));
    assertTrue(
        diff.unified().contains("@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n"), diff.unified());
  }

  @Test
  void addedAndRemovedFilesAreNamed() {
    RuleSetDiff diff =
        RuleSetDiff.between(
            version("1", text("a.drl", "a"), text("old.csv", "x")),
            version("2", text("a.drl", "a"), text("new.scenarios", "s")));
    assertEquals(
        List.of("a.drl:UNCHANGED", "new.scenarios:ADDED", "old.csv:REMOVED"),
        diff.files().stream().map(f -> f.name() + ":" + f.change()).toList());
    assertTrue(diff.unified().contains("--- /dev/null\n+++ b/new.scenarios\n"));
    assertTrue(diff.unified().contains("--- a/old.csv\n+++ /dev/null\n"));
  }

  @Test
  void aDecisionTableIsComparedCellByCell() throws Exception {
    RuleFile shipped = RuleSetSource.bundled().file("contact-policy.xlsx").orElseThrow();
    byte[] changed;
    try (var book =
            org.apache.poi.ss.usermodel.WorkbookFactory.create(
                new java.io.ByteArrayInputStream(shipped.content()));
        var out = new java.io.ByteArrayOutputStream()) {
      var sheet = book.getSheetAt(0);
      for (var row : sheet) {
        var first = row.getCell(0);
        if (first != null && "ActionCapWeb7Days".equals(first.toString())) {
          row.getCell(5).setCellValue(2);
        }
      }
      book.write(out);
      changed = out.toByteArray();
    }
    RuleSetDiff diff =
        RuleSetDiff.between(
            version("1", shipped), version("2", new RuleFile("contact-policy.xlsx", changed)));
    RuleSetDiff.FileDiff f = diff.files().get(0);
    assertEquals(RuleSetDiff.Change.CHANGED, f.change());
    List<RuleSetDiff.Line> changes =
        f.hunks().stream()
            .flatMap(h -> h.lines().stream())
            .filter(l -> l.kind() != RuleSetDiff.Kind.CONTEXT)
            .toList();
    assertEquals(2, changes.size(), changes.toString());
    assertEquals("Contact policy!F11: 3", changes.get(0).text());
    assertEquals("Contact policy!F11: 2", changes.get(1).text());
  }
}

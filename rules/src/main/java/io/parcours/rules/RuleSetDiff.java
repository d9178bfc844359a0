package io.parcours.rules;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/**
 * What changed between two versions of a rule set, file by file, in lines a business user reads:
 * text files (DRL, CSV tables, scenarios) line by line, workbooks cell by cell ({@code Sheet!C12:
 * value}).
 *
 * @param from the version compared from
 * @param to the version compared to
 * @param files every file of either version, in name order
 */
public record RuleSetDiff(String from, String to, List<FileDiff> files) {

  /** How lines around a change are shown. */
  private static final int CONTEXT = 3;

  /** What happened to a file. */
  public enum Change {
    ADDED,
    REMOVED,
    CHANGED,
    UNCHANGED
  }

  /** What a line of a hunk is. */
  public enum Kind {
    CONTEXT,
    ADDED,
    REMOVED
  }

  /** One file's change, with the hunks that show it (none when unchanged). */
  public record FileDiff(String name, Change change, List<Hunk> hunks) {
    public FileDiff {
      hunks = List.copyOf(hunks);
    }
  }

  /** A run of changed lines with their context; line numbers count from 1. */
  public record Hunk(int oldStart, int oldLines, int newStart, int newLines, List<Line> lines) {
    public Hunk {
      lines = List.copyOf(lines);
    }
  }

  /** One line of a hunk; a number is 0 when the line is not in that version. */
  public record Line(Kind kind, int oldNumber, int newNumber, String text) {}

  public RuleSetDiff {
    files = List.copyOf(files);
  }

  /** The differences from {@code from} to {@code to}. */
  public static RuleSetDiff between(RuleSetSource from, RuleSetSource to) {
    TreeSet<String> names = new TreeSet<>();
    from.files().forEach(f -> names.add(f.name()));
    to.files().forEach(f -> names.add(f.name()));
    List<FileDiff> files = new ArrayList<>(names.size());
    for (String name : names) {
      Optional<RuleFile> before = from.file(name);
      Optional<RuleFile> after = to.file(name);
      List<String> a = before.map(RuleSetDiff::lines).orElse(List.of());
      List<String> b = after.map(RuleSetDiff::lines).orElse(List.of());
      Change change =
          before.isEmpty()
              ? Change.ADDED
              : after.isEmpty()
                  ? Change.REMOVED
                  : before.get().equals(after.get()) ? Change.UNCHANGED : Change.CHANGED;
      files.add(new FileDiff(name, change, change == Change.UNCHANGED ? List.of() : hunks(a, b)));
    }
    return new RuleSetDiff(from.version(), to.version(), files);
  }

  /** The file as lines: its text, or one line per non-empty cell of a workbook. */
  static List<String> lines(RuleFile f) {
    String lower = f.name().toLowerCase(Locale.ROOT);
    if (lower.endsWith(".xlsx") || lower.endsWith(".xls")) {
      return cells(f.bytes());
    }
    String text = new String(f.bytes(), StandardCharsets.UTF_8);
    if (text.isEmpty()) {
      return List.of();
    }
    return List.of(text.split("\\R", -1));
  }

  private static List<String> cells(byte[] workbook) {
    List<String> lines = new ArrayList<>();
    DataFormatter format = new DataFormatter();
    try (Workbook book = WorkbookFactory.create(new ByteArrayInputStream(workbook))) {
      for (Sheet sheet : book) {
        for (Row row : sheet) {
          for (Cell cell : row) {
            String value = format.formatCellValue(cell);
            if (!value.isBlank()) {
              lines.add(
                  sheet.getSheetName()
                      + "!"
                      + cell.getAddress().formatAsString()
                      + ": "
                      + value.replace('\n', ' '));
            }
          }
        }
      }
    } catch (Exception e) {
      lines.add("(unreadable workbook: " + e.getMessage() + ")");
    }
    return lines;
  }

  /** Myers' differences between the two line lists, grouped into hunks with context. */
  private static List<Hunk> hunks(List<String> a, List<String> b) {
    Patch<String> patch = DiffUtils.diff(a, b);
    List<Hunk> hunks = new ArrayList<>();
    List<AbstractDelta<String>> deltas = patch.getDeltas();
    int i = 0;
    while (i < deltas.size()) {
      // Deltas closer than twice the context share a hunk.
      int j = i;
      while (j + 1 < deltas.size()
          && deltas.get(j + 1).getSource().getPosition()
                  - (deltas.get(j).getSource().getPosition() + deltas.get(j).getSource().size())
              <= 2 * CONTEXT) {
        j++;
      }
      int oldStart = Math.max(0, deltas.get(i).getSource().getPosition() - CONTEXT);
      AbstractDelta<String> last = deltas.get(j);
      int oldEnd =
          Math.min(a.size(), last.getSource().getPosition() + last.getSource().size() + CONTEXT);
      int shift = deltas.get(i).getTarget().getPosition() - deltas.get(i).getSource().getPosition();
      int newStart = oldStart + shift;
      List<Line> lines = new ArrayList<>();
      int oldLine = oldStart;
      int newLine = newStart;
      for (int k = i; k <= j; k++) {
        AbstractDelta<String> d = deltas.get(k);
        while (oldLine < d.getSource().getPosition()) {
          lines.add(new Line(Kind.CONTEXT, oldLine + 1, newLine + 1, a.get(oldLine)));
          oldLine++;
          newLine++;
        }
        for (String removed : d.getSource().getLines()) {
          lines.add(new Line(Kind.REMOVED, ++oldLine, 0, removed));
        }
        for (String added : d.getTarget().getLines()) {
          lines.add(new Line(Kind.ADDED, 0, ++newLine, added));
        }
      }
      while (oldLine < oldEnd) {
        lines.add(new Line(Kind.CONTEXT, oldLine + 1, newLine + 1, a.get(oldLine)));
        oldLine++;
        newLine++;
      }
      hunks.add(
          new Hunk(oldStart + 1, oldLine - oldStart, newStart + 1, newLine - newStart, lines));
      i = j + 1;
    }
    return hunks;
  }

  /** The whole difference in the classic unified format, file after file. */
  public String unified() {
    StringBuilder out = new StringBuilder();
    for (FileDiff f : files) {
      if (f.change() == Change.UNCHANGED) {
        continue;
      }
      out.append("--- ")
          .append(f.change() == Change.ADDED ? "/dev/null" : "a/" + f.name())
          .append('\n');
      out.append("+++ ")
          .append(f.change() == Change.REMOVED ? "/dev/null" : "b/" + f.name())
          .append('\n');
      for (Hunk h : f.hunks()) {
        out.append("@@ -")
            .append(h.oldStart())
            .append(',')
            .append(h.oldLines())
            .append(" +")
            .append(h.newStart())
            .append(',')
            .append(h.newLines())
            .append(" @@\n");
        for (Line l : h.lines()) {
          out.append(l.kind() == Kind.ADDED ? '+' : l.kind() == Kind.REMOVED ? '-' : ' ')
              .append(l.text())
              .append('\n');
        }
      }
    }
    return out.toString();
  }
}

package io.parcours.engine.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.domain.Issue;
import io.parcours.domain.Proposal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArbitrationTest {

  private static Arbitration.Scored scored(String id, double value, double lever, double draw, double weight) {
    Action a = new Action(id, id, Issue.SALES, "g", "lifecycle", Set.of(Channel.WEB), value, lever, "");
    return new Arbitration.Scored(a, 0.05, draw, weight, "beta:" + id + ":web", 3, 3);
  }

  @Test
  void priorityIsDrawTimesWeightTimesValueTimesLever() {
    Arbitration.Ranking r = new Arbitration(0).rank(List.of(scored("a", 10, 1.2, 0.1, 1.5)), 3);
    assertEquals(0.1 * 1.5 * 10 * 1.2, r.shown().get(0).priority(), 1e-12);
  }

  @Test
  void actionsAreRankedByPriorityAndNumberedFromOne() {
    Arbitration.Ranking r =
        new Arbitration(0)
            .rank(List.of(scored("low", 1, 1, 0.1, 1), scored("high", 50, 1, 0.1, 1), scored("mid", 5, 1, 0.1, 1)), 3);
    assertEquals(List.of("high", "mid", "low"), r.shown().stream().map(p -> p.action().id()).toList());
    assertEquals(List.of(1, 2, 3), r.shown().stream().map(Proposal::rank).toList());
  }

  @Test
  void theLimitCutsTheListButDoesNotCountAsBelowThreshold() {
    Arbitration.Ranking r =
        new Arbitration(0).rank(List.of(scored("a", 3, 1, 0.5, 1), scored("b", 2, 1, 0.5, 1), scored("c", 1, 1, 0.5, 1)), 2);
    assertEquals(2, r.shown().size());
    assertTrue(r.belowThreshold().isEmpty());
  }

  @Test
  void nothingAboveTheThresholdMeansDoNothing() {
    Arbitration.Ranking r = new Arbitration(1.0).rank(List.of(scored("a", 2, 1, 0.1, 1), scored("b", 1, 1, 0.4, 1)), 3);
    assertTrue(r.shown().isEmpty());
    assertEquals(2, r.belowThreshold().size());
  }

  @Test
  void exactlyAtTheThresholdIsShown() {
    Arbitration.Ranking r = new Arbitration(0.5).rank(List.of(scored("a", 1, 1, 0.5, 1)), 3);
    assertEquals(1, r.shown().size());
  }

  @Test
  void aZeroLeverBrakesAnActionOut() {
    Arbitration.Ranking r = new Arbitration(0.01).rank(List.of(scored("a", 50, 0, 0.9, 1)), 3);
    assertTrue(r.shown().isEmpty());
  }

  @Test
  void aMandatoryNoticeIsRankedFirstEvenBelowTheThreshold() {
    Action notice =
        new Action("notice", "notice", Issue.SERVICE, "regulatory", "service", Set.of(Channel.WEB), 0, 1, "")
            .asMandatory();
    Arbitration.Ranking r =
        new Arbitration(0.5)
            .rank(
                List.of(
                    scored("offer", 50, 1, 0.9, 1),
                    new Arbitration.Scored(notice, 0.01, 0.01, 1, "beta:notice:web", 1, 0)),
                2);
    assertEquals(List.of("notice", "offer"), r.shown().stream().map(p -> p.action().id()).toList());
    assertEquals(1, r.shown().get(0).rank());
    assertTrue(r.belowThreshold().isEmpty());
  }

  @Test
  void aNegativeThresholdIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Arbitration(-0.1));
  }
}

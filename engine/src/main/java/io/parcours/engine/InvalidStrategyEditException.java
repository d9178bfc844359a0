package io.parcours.engine;

import jakarta.ejb.ApplicationException;
import java.util.List;

/**
 * An edit of a version's actions, journeys or event types refused before anything was compiled or
 * stored: an item that does not read, or an id to remove that the version does not have. Each
 * problem names the item of the edit it is about (for example {@code actions.put[0].value} or
 * {@code journeys.remove[1]}).
 */
@ApplicationException
public class InvalidStrategyEditException extends RuntimeException {

  /** One problem: the field of the edit and what is wrong with it. */
  public record Problem(String field, String message) {}

  private final transient List<Problem> problems;

  public InvalidStrategyEditException(List<Problem> problems) {
    super(
        problems.size() == 1
            ? problems.get(0).field() + ": " + problems.get(0).message()
            : problems.size() + " problems with the edit; nothing was stored");
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}

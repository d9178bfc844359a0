package io.parcours.engine;

import jakarta.ejb.ApplicationException;
import java.util.List;

/**
 * Events refused as a whole: an undeclared type or attributes that break their type's declaration,
 * each problem with the field it is about (for example {@code events[2].attributes.amount}).
 */
@ApplicationException
public class InvalidEventException extends RuntimeException {

  /** One problem: the field and what is wrong with it. */
  public record Problem(String field, String message) {}

  private final List<Problem> problems;

  public InvalidEventException(List<Problem> problems) {
    super(
        problems.size() == 1
            ? problems.get(0).field() + " " + problems.get(0).message()
            : problems.size() + " problems with the events; nothing was stored");
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}

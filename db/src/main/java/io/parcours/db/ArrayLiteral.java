package io.parcours.db;

import java.util.List;
import java.util.stream.DoubleStream;

/**
 * PostgreSQL array literals ({@code {"a","b"}}, {@code {0.5,1.0}}) for the arrays of one row within
 * an array parameter of many rows, which PostgreSQL casts back to arrays: its arrays cannot be
 * ragged, so a batch's rows cannot send their own arrays as one two-dimensional array.
 */
final class ArrayLiteral {

  private ArrayLiteral() {}

  /** A text array: every element quoted, its quotes and backslashes escaped; no null element. */
  static String ofText(List<String> elements) {
    StringBuilder b = new StringBuilder(2 + elements.size() * 16).append('{');
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append('"');
      String e = elements.get(i);
      for (int j = 0; j < e.length(); j++) {
        char ch = e.charAt(j);
        if (ch == '"' || ch == '\\') {
          b.append('\\');
        }
        b.append(ch);
      }
      b.append('"');
    }
    return b.append('}').toString();
  }

  /**
   * A float8 array, each number as Java writes it ({@code 1.0E-5}, {@code NaN}, {@code Infinity}),
   * which PostgreSQL reads back to the same double.
   */
  static String ofNumbers(DoubleStream numbers) {
    StringBuilder b = new StringBuilder("{");
    numbers.forEach(
        x -> {
          if (b.length() > 1) {
            b.append(',');
          }
          b.append(x);
        });
    return b.append('}').toString();
  }
}

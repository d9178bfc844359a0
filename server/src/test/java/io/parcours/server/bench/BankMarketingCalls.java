package io.parcours.server.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.data.columnar.ColumnarIterator;
import org.tribuo.data.csv.CSVIterator;

/**
 * The telemarketing calls of a Portuguese bank, May 2008 to November 2010, in the order they were
 * made (Moro, Cortez and Rita, "A data-driven approach to predict the success of bank
 * telemarketing", Decision Support Systems 62, 2014; the UCI file {@code
 * bank-additional-full.csv}), read with Tribuo's CSV reader.
 *
 * <p>The call's {@code duration} is left out: it is only known once the call is over, and it nearly
 * decides the label (a call of zero seconds is always a "no"), so a model that used it would
 * predict nothing a bank could act on before calling.
 */
final class BankMarketingCalls {

  /** Columns read as categories: one feature per value. */
  static final List<String> CATEGORICAL =
      List.of(
          "job",
          "marital",
          "education",
          "default",
          "housing",
          "loan",
          "contact",
          "month",
          "day_of_week",
          "poutcome");

  /**
   * Columns read as numbers: the client's, the campaign's and the economy's (monthly or quarterly).
   */
  static final List<String> NUMERIC =
      List.of(
          "age",
          "campaign",
          "pdays",
          "previous",
          "emp.var.rate",
          "cons.price.idx",
          "cons.conf.idx",
          "euribor3m",
          "nr.employed");

  /** The label: did the client subscribe a term deposit. */
  static final String LABEL = "y";

  /**
   * One call: its categories and numbers in the order of {@link #CATEGORICAL} and {@link #NUMERIC}.
   */
  record Call(String[] categories, double[] numbers, boolean subscribed) {}

  private BankMarketingCalls() {}

  /**
   * Reads every call of the file, in file order (which is time order).
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when a column is missing or a value is not what it should be,
   *     naming the row and the column
   */
  static List<Call> read(Path file) throws IOException {
    List<Call> calls = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVIterator rows = new CSVIterator(in, ';', '"')) {
      List<String> header = rows.getFields();
      for (String column : concat(CATEGORICAL, NUMERIC, List.of(LABEL))) {
        if (!header.contains(column)) {
          throw new IllegalArgumentException(
              file + " has no column '" + column + "'; its columns are " + header);
        }
      }
      while (rows.hasNext()) {
        ColumnarIterator.Row row = rows.next();
        Map<String, String> data = row.getRowData();
        String[] categories = new String[CATEGORICAL.size()];
        for (int c = 0; c < categories.length; c++) {
          categories[c] = data.get(CATEGORICAL.get(c));
        }
        double[] numbers = new double[NUMERIC.size()];
        for (int c = 0; c < numbers.length; c++) {
          String v = data.get(NUMERIC.get(c));
          try {
            numbers[c] = Double.parseDouble(v);
          } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(
                file
                    + ", data row "
                    + (row.getIndex() + 1)
                    + ": "
                    + NUMERIC.get(c)
                    + " is '"
                    + v
                    + "', not a number");
          }
        }
        String y = data.get(LABEL);
        if (!"yes".equals(y) && !"no".equals(y)) {
          throw new IllegalArgumentException(
              file
                  + ", data row "
                  + (row.getIndex() + 1)
                  + ": y is '"
                  + y
                  + "', expected yes or no");
        }
        calls.add(new Call(categories, numbers, y.equals("yes")));
      }
    }
    return calls;
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    List<String> all = new ArrayList<>();
    for (List<String> l : lists) {
      all.addAll(l);
    }
    return all;
  }
}

package io.parcours.server.bench;

import io.parcours.server.bench.BankMarketingCalls.Call;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The one feature encoding that every learner of the bank marketing benchmark sees, so that they
 * are compared on the same inputs: a {@code bias}; each category as one feature of value 1 ({@code
 * job=admin.}); each number as its quantile bin ({@code age[32,38)}), the bins cut at the quantiles
 * of the training calls only; optionally each number standardized with the training calls' mean and
 * standard deviation ({@code age} = z); optionally every pair of categories and bins crossed
 * ({@code job=admin.&month=may}).
 *
 * <p>Everything the encoding learns from data (bin cuts, means, deviations) comes from the first
 * calls in time, the ones a model may train on; the later calls are encoded with it without being
 * looked at.
 */
final class BankCallFeatures {

  /** Which features beyond the one-hot categories and the quantile bins. */
  enum Encoding {
    BINS("bins", false, false),
    BINS_RAW("bins+raw", true, false),
    BINS_CROSSES("bins+crosses", false, true),
    BINS_RAW_CROSSES("bins+raw+crosses", true, true);

    final String label;
    final boolean raw;
    final boolean crosses;

    Encoding(String label, boolean raw, boolean crosses) {
      this.label = label;
      this.raw = raw;
      this.crosses = crosses;
    }

    static Encoding of(String label) {
      for (Encoding e : values()) {
        if (e.label.equals(label)) {
          return e;
        }
      }
      throw new IllegalArgumentException(
          "--encoding must be auto, bins, bins+raw, bins+crosses or bins+raw+crosses, not '"
              + label
              + "'");
    }
  }

  /** One encoded call: feature names, their values, and the label. */
  record Example(String[] names, double[] values, boolean positive) {

    /**
     * The call in Vowpal Wabbit's text format, {@code label |f name name:value …} with label −1 or
     * +1, or without a label for a prediction. Names are already free of the characters the format
     * reserves (see {@link #vwSafe}).
     */
    String vw(boolean withLabel) {
      StringBuilder b = new StringBuilder(names.length * 24);
      if (withLabel) {
        b.append(positive ? "1" : "-1");
      }
      b.append(" |f");
      for (int k = 0; k < names.length; k++) {
        b.append(' ').append(names[k]);
        if (values[k] != 1.0) {
          // Plain decimals: Java's 1.0E-4 form is not what the format documents.
          b.append(':').append(new BigDecimal(Float.toString((float) values[k])).toPlainString());
        }
      }
      return b.toString();
    }
  }

  private final Encoding encoding;
  private final double[][] cuts;
  private final double[] mean;
  private final double[] deviation;
  private final Map<String, String> names = new HashMap<>();

  private BankCallFeatures(Encoding encoding, double[][] cuts, double[] mean, double[] deviation) {
    this.encoding = encoding;
    this.cuts = cuts;
    this.mean = mean;
    this.deviation = deviation;
  }

  /**
   * Fits the encoding on {@code calls[0, trainCalls)}: {@code bins} quantile bins per number (fewer
   * when values repeat), and the mean and deviation of each number.
   */
  static BankCallFeatures fit(List<Call> calls, int trainCalls, int bins, Encoding encoding) {
    int numbers = BankMarketingCalls.NUMERIC.size();
    double[][] cuts = new double[numbers][];
    double[] mean = new double[numbers];
    double[] deviation = new double[numbers];
    double[] column = new double[trainCalls];
    for (int c = 0; c < numbers; c++) {
      double sum = 0;
      for (int i = 0; i < trainCalls; i++) {
        column[i] = calls.get(i).numbers()[c];
        sum += column[i];
      }
      mean[c] = sum / trainCalls;
      double squares = 0;
      for (int i = 0; i < trainCalls; i++) {
        squares += (column[i] - mean[c]) * (column[i] - mean[c]);
      }
      deviation[c] = Math.max(Math.sqrt(squares / trainCalls), 1e-12);
      Arrays.sort(column);
      TreeSet<Double> at = new TreeSet<>();
      for (int q = 1; q < bins; q++) {
        double cut = column[(int) ((long) q * trainCalls / bins)];
        if (cut > column[0]) {
          at.add(cut);
        }
      }
      cuts[c] = at.stream().mapToDouble(Double::doubleValue).toArray();
    }
    return new BankCallFeatures(encoding, cuts, mean, deviation);
  }

  Encoding encoding() {
    return encoding;
  }

  /** Encodes one call. Not thread-safe: names are shared through a cache. */
  Example encode(Call call) {
    List<String> tokens = new ArrayList<>(BankMarketingCalls.CATEGORICAL.size() + cuts.length);
    for (int c = 0; c < call.categories().length; c++) {
      tokens.add(name(BankMarketingCalls.CATEGORICAL.get(c) + "=" + call.categories()[c]));
    }
    for (int c = 0; c < cuts.length; c++) {
      tokens.add(name(BankMarketingCalls.NUMERIC.get(c) + bin(cuts[c], call.numbers()[c])));
    }
    int size = 1 + tokens.size();
    if (encoding.raw) {
      size += cuts.length;
    }
    if (encoding.crosses) {
      size += tokens.size() * (tokens.size() - 1) / 2;
    }
    String[] n = new String[size];
    double[] v = new double[size];
    int k = 0;
    n[k] = "bias";
    v[k++] = 1;
    for (String t : tokens) {
      n[k] = t;
      v[k++] = 1;
    }
    if (encoding.raw) {
      for (int c = 0; c < cuts.length; c++) {
        n[k] = BankMarketingCalls.NUMERIC.get(c);
        v[k++] = (call.numbers()[c] - mean[c]) / deviation[c];
      }
    }
    if (encoding.crosses) {
      for (int a = 0; a < tokens.size(); a++) {
        for (int b = a + 1; b < tokens.size(); b++) {
          n[k] = name(tokens.get(a) + "&" + tokens.get(b));
          v[k++] = 1;
        }
      }
    }
    return new Example(n, v, call.subscribed());
  }

  /** Encodes calls in order. */
  List<Example> encode(List<Call> calls) {
    List<Example> out = new ArrayList<>(calls.size());
    for (Call c : calls) {
      out.add(encode(c));
    }
    return out;
  }

  /**
   * The bin of {@code x} as a name suffix: {@code <a}, {@code [a,b)} or {@code >=b}; {@code =all}
   * with no cuts.
   */
  private static String bin(double[] cuts, double x) {
    if (cuts.length == 0) {
      return "=all";
    }
    int b = 0;
    while (b < cuts.length && x >= cuts[b]) {
      b++;
    }
    if (b == 0) {
      return "<" + number(cuts[0]);
    }
    if (b == cuts.length) {
      return ">=" + number(cuts[b - 1]);
    }
    return "[" + number(cuts[b - 1]) + "," + number(cuts[b]) + ")";
  }

  private static String number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15
        ? Long.toString((long) d)
        : String.format(Locale.ROOT, "%s", d);
  }

  /** One shared instance per name, safe for Vowpal Wabbit's text format. */
  private String name(String raw) {
    return names.computeIfAbsent(raw, BankCallFeatures::vwSafe);
  }

  /** Replaces the characters Vowpal Wabbit's text format reserves (space, '|', ':') with '_'. */
  static String vwSafe(String name) {
    return name.replace(' ', '_').replace('|', '_').replace(':', '_');
  }

  /** The bins of each number, for the report. */
  String describeBins() {
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < cuts.length; c++) {
      b.append(
          String.format(
              Locale.ROOT,
              "  %-15s %2d bins, cuts %s%n",
              BankMarketingCalls.NUMERIC.get(c),
              cuts[c].length + 1,
              Arrays.toString(cuts[c])));
    }
    return b.toString();
  }
}

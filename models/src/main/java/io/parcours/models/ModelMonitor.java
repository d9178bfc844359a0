package io.parcours.models;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How well one model predicts, measured prequentially: each response is first predicted with what
 * the model knew before it, then learned. From those (prediction, outcome) pairs it keeps the area
 * under the ROC curve and a calibration table, in constant memory.
 *
 * <p><b>AUC.</b> Predictions are counted in 2,000 equal bins over [0, 1] for positives and
 * negatives. AUC = Σ over bins of pos[b] · (negatives in lower bins + neg[b] / 2) / (P · N): the
 * probability that a random positive was predicted above a random negative, ties counting half.
 * Binning changes the result by less than the share of pairs that fall in the same 0.0005-wide bin.
 *
 * <p><b>Calibration.</b> For fixed ranges of the prediction, the mean predicted propensity beside
 * the observed positive rate: a calibrated model has the two close in every well-filled row.
 *
 * <p>Saved with the model's state ({@link #write}, {@link #read}), so the figures cover every
 * response the model learned, across restarts.
 *
 * <p>Not thread-safe by itself: the models call {@link #record} under their write lock and read the
 * figures under the same lock.
 */
public final class ModelMonitor {

  private static final int BINS = 2000;

  /** The upper edges of the calibration ranges. */
  static final double[] CALIBRATION_EDGES = {0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0};

  private final long[] positives = new long[BINS];
  private final long[] negatives = new long[BINS];
  private final long[] calibrationCount = new long[CALIBRATION_EDGES.length];
  private final long[] calibrationPositives = new long[CALIBRATION_EDGES.length];
  private final double[] calibrationPredicted = new double[CALIBRATION_EDGES.length];
  private long total;
  private long totalPositives;

  /** Records one response, predicted at {@code predicted} before it was learned. */
  public void record(double predicted, boolean positive) {
    double p = Math.min(Math.max(predicted, 0.0), 1.0);
    int bin = Math.min((int) (p * BINS), BINS - 1);
    if (positive) {
      positives[bin]++;
      totalPositives++;
    } else {
      negatives[bin]++;
    }
    total++;
    int row = 0;
    while (p > CALIBRATION_EDGES[row] && row < CALIBRATION_EDGES.length - 1) {
      row++;
    }
    calibrationCount[row]++;
    calibrationPredicted[row] += p;
    if (positive) {
      calibrationPositives[row]++;
    }
  }

  /** Responses recorded. */
  public long responses() {
    return total;
  }

  /** The prequential AUC, or {@code null} until there is at least one positive and one negative. */
  public Double auc() {
    long n = total - totalPositives;
    if (totalPositives == 0 || n == 0) {
      return null;
    }
    double sum = 0;
    long below = 0;
    for (int b = 0; b < BINS; b++) {
      sum += positives[b] * (below + negatives[b] / 2.0);
      below += negatives[b];
    }
    return sum / ((double) totalPositives * n);
  }

  /** The calibration table: only ranges that received responses. */
  public List<CalibrationBin> calibration() {
    List<CalibrationBin> rows = new ArrayList<>();
    double from = 0;
    for (int r = 0; r < CALIBRATION_EDGES.length; r++) {
      long c = calibrationCount[r];
      if (c > 0) {
        rows.add(
            new CalibrationBin(
                from,
                CALIBRATION_EDGES[r],
                c,
                calibrationPredicted[r] / c,
                (double) calibrationPositives[r] / c));
      }
      from = CALIBRATION_EDGES[r];
    }
    return rows;
  }

  /** Writes the counts, for {@link #read}. */
  void write(DataOutput out) throws IOException {
    out.writeLong(total);
    out.writeLong(totalPositives);
    writeSparse(out, positives);
    writeSparse(out, negatives);
    out.writeInt(CALIBRATION_EDGES.length);
    for (int r = 0; r < CALIBRATION_EDGES.length; r++) {
      out.writeLong(calibrationCount[r]);
      out.writeLong(calibrationPositives[r]);
      out.writeDouble(calibrationPredicted[r]);
    }
  }

  /** Reads counts written by {@link #write}. */
  static ModelMonitor read(DataInput in) throws IOException {
    ModelMonitor m = new ModelMonitor();
    m.total = in.readLong();
    m.totalPositives = in.readLong();
    readSparse(in, m.positives);
    readSparse(in, m.negatives);
    int rows = in.readInt();
    if (rows != CALIBRATION_EDGES.length) {
      throw new IOException(
          "a monitor with " + rows + " calibration rows, expected " + CALIBRATION_EDGES.length);
    }
    for (int r = 0; r < rows; r++) {
      m.calibrationCount[r] = in.readLong();
      m.calibrationPositives[r] = in.readLong();
      m.calibrationPredicted[r] = in.readDouble();
    }
    return m;
  }

  private static void writeSparse(DataOutput out, long[] bins) throws IOException {
    int filled = 0;
    for (long b : bins) {
      filled += b != 0 ? 1 : 0;
    }
    out.writeInt(filled);
    for (int i = 0; i < bins.length; i++) {
      if (bins[i] != 0) {
        out.writeShort(i);
        out.writeLong(bins[i]);
      }
    }
  }

  private static void readSparse(DataInput in, long[] bins) throws IOException {
    int filled = in.readInt();
    if (filled < 0 || filled > bins.length) {
      throw new IOException("a monitor with " + filled + " filled bins of " + bins.length);
    }
    for (int k = 0; k < filled; k++) {
      int i = in.readUnsignedShort();
      if (i >= bins.length) {
        throw new IOException("bin " + i + " out of range");
      }
      bins[i] = in.readLong();
    }
  }

  /**
   * One row of a calibration table.
   *
   * @param from predictions above this (0 for the first row)
   * @param to and up to this
   * @param responses responses predicted in the range
   * @param meanPredicted their mean predicted propensity
   * @param observedRate the share of them that were positive
   */
  public record CalibrationBin(
      double from, double to, long responses, double meanPredicted, double observedRate) {}
}

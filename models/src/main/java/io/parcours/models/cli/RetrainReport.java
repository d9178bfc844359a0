package io.parcours.models.cli;

import java.util.List;
import java.util.Locale;

/**
 * The retraining report as one self-contained HTML page: the figures, the provenance, and three
 * plots drawn as inline SVG (no script, no external file): the ROC curve, calibration by decile,
 * and lift by decile, each beside the same figures for the baseline the candidate has to beat.
 */
final class RetrainReport {

  private RetrainReport() {}

  /** One model's results on the hold-out. */
  record Entry(String name, HoldoutEvaluation evaluation, String provenance) {}

  static String html(String title, String data, List<Entry> entries) {
    StringBuilder h = new StringBuilder(32_768);
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(title))
        .append("</title><style>")
        .append(
            "body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1f2933;padding:0 1rem}")
        .append(
            "table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #cbd2d9;padding:.25rem .6rem;text-align:right}")
        .append(
            "th:first-child,td:first-child{text-align:left}figure{display:inline-block;margin:0 1.5rem 1rem 0}")
        .append(
            "figcaption{font-weight:600;margin-bottom:.3rem}pre{white-space:pre-wrap;background:#f5f7fa;padding:.6rem;font-size:12px}")
        .append(".k0{stroke:#155e75}.k1{stroke:#d97706}.f0{fill:#155e75}.f1{fill:#d97706}")
        .append("</style></head><body>");
    h.append("<h1>").append(esc(title)).append("</h1><p>").append(esc(data)).append("</p>");
    h.append(
            "<h2>Hold-out</h2><table><tr><th>model</th><th>examples</th><th>positives</th><th>AUC</th>")
        .append("<th>lift, top decile</th><th>positives in top 30 %</th></tr>");
    for (Entry e : entries) {
      HoldoutEvaluation v = e.evaluation();
      h.append("<tr><td>")
          .append(esc(e.name()))
          .append("</td><td>")
          .append(v.examples())
          .append("</td><td>")
          .append(v.positives())
          .append("</td><td>")
          .append(f(v.auc(), 4))
          .append("</td><td>")
          .append(f(v.deciles().get(0).lift(), 2))
          .append("</td><td>")
          .append(pct(v.deciles().get(Math.min(2, v.deciles().size() - 1)).cumulativeCapture()))
          .append("</td></tr>");
    }
    h.append("</table>");
    h.append("<figure><figcaption>ROC curve</figcaption>").append(roc(entries)).append("</figure>");
    h.append("<figure><figcaption>Calibration by decile (predicted → observed)</figcaption>")
        .append(calibration(entries))
        .append("</figure>");
    h.append("<figure><figcaption>Lift by decile</figcaption>")
        .append(lift(entries))
        .append("</figure>");
    h.append("<p>").append(legend(entries)).append("</p>");
    for (Entry e : entries) {
      h.append("<h2>")
          .append(esc(e.name()))
          .append(" by decile</h2><table><tr><th>decile</th><th>examples</th>")
          .append(
              "<th>mean predicted</th><th>observed rate</th><th>lift</th><th>cumulative capture</th></tr>");
      for (HoldoutEvaluation.Decile d : e.evaluation().deciles()) {
        h.append("<tr><td>")
            .append(d.decile())
            .append("</td><td>")
            .append(d.examples())
            .append("</td><td>")
            .append(pct(d.meanPredicted()))
            .append("</td><td>")
            .append(pct(d.observedRate()))
            .append("</td><td>")
            .append(f(d.lift(), 2))
            .append("</td><td>")
            .append(pct(d.cumulativeCapture()))
            .append("</td></tr>");
      }
      h.append("</table><details><summary>Provenance</summary><pre>")
          .append(esc(e.provenance()))
          .append("</pre></details>");
    }
    return h.append("</body></html>").toString();
  }

  private static final int W = 320;
  private static final int P = 36;

  private static String frame(String body, String xLabel, String yLabel) {
    int s = W + 2 * P;
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
        + s
        + "\" height=\""
        + s
        + "\" viewBox=\"0 0 "
        + s
        + " "
        + s
        + "\" role=\"img\"><rect x=\""
        + P
        + "\" y=\""
        + P
        + "\" width=\""
        + W
        + "\" height=\""
        + W
        + "\" fill=\"none\" stroke=\"#9aa5b1\"/>"
        + body
        + "<text x=\""
        + (P + W / 2)
        + "\" y=\""
        + (s - 8)
        + "\" text-anchor=\"middle\" font-size=\"12\">"
        + xLabel
        + "</text><text x=\"12\" y=\""
        + (P + W / 2)
        + "\" font-size=\"12\" transform=\"rotate(-90 12 "
        + (P + W / 2)
        + ")\" text-anchor=\"middle\">"
        + yLabel
        + "</text></svg>";
  }

  private static double x(double v) {
    return P + v * W;
  }

  private static double y(double v) {
    return P + (1 - v) * W;
  }

  private static String roc(List<Entry> entries) {
    StringBuilder b = new StringBuilder(diagonal());
    for (int k = 0; k < entries.size(); k++) {
      var roc = entries.get(k).evaluation().roc();
      StringBuilder points = new StringBuilder();
      int step = Math.max(1, roc.fpr.length / 400);
      for (int i = 0; i < roc.fpr.length; i += step) {
        points.append(f(x(roc.fpr[i]), 1)).append(',').append(f(y(roc.tpr[i]), 1)).append(' ');
      }
      points.append(f(x(1), 1)).append(',').append(f(y(1), 1));
      b.append("<polyline fill=\"none\" stroke-width=\"2\" class=\"k")
          .append(k % 2)
          .append("\" points=\"")
          .append(points)
          .append("\"/>");
    }
    return frame(b.toString(), "false positive rate", "true positive rate");
  }

  private static String calibration(List<Entry> entries) {
    double max = 0;
    for (Entry e : entries) {
      for (HoldoutEvaluation.Decile d : e.evaluation().deciles()) {
        max = Math.max(max, Math.max(d.meanPredicted(), d.observedRate()));
      }
    }
    double scale = max <= 0 ? 1 : Math.min(1, Math.ceil(max * 10) / 10);
    StringBuilder b = new StringBuilder(diagonal());
    for (int k = 0; k < entries.size(); k++) {
      for (HoldoutEvaluation.Decile d : entries.get(k).evaluation().deciles()) {
        b.append("<circle r=\"4\" class=\"f")
            .append(k % 2)
            .append("\" cx=\"")
            .append(f(x(d.meanPredicted() / scale), 1))
            .append("\" cy=\"")
            .append(f(y(d.observedRate() / scale), 1))
            .append("\"/>");
      }
    }
    return frame(
        b.toString(),
        "mean predicted (0 to " + pct(scale) + ")",
        "observed rate (0 to " + pct(scale) + ")");
  }

  private static String lift(List<Entry> entries) {
    double max = 1;
    for (Entry e : entries) {
      for (HoldoutEvaluation.Decile d : e.evaluation().deciles()) {
        max = Math.max(max, d.lift());
      }
    }
    StringBuilder b = new StringBuilder();
    double one = y(1 / max);
    b.append("<line x1=\"")
        .append(P)
        .append("\" x2=\"")
        .append(P + W)
        .append("\" y1=\"")
        .append(f(one, 1))
        .append("\" y2=\"")
        .append(f(one, 1))
        .append("\" stroke=\"#9aa5b1\" stroke-dasharray=\"4 3\"/>");
    int groups = 10;
    double slot = (double) W / groups;
    double bar = slot / (entries.size() + 1);
    for (int k = 0; k < entries.size(); k++) {
      for (HoldoutEvaluation.Decile d : entries.get(k).evaluation().deciles()) {
        double left = P + (d.decile() - 1) * slot + bar * (k + 0.5);
        double top = y(d.lift() / max);
        b.append("<rect class=\"f")
            .append(k % 2)
            .append("\" x=\"")
            .append(f(left, 1))
            .append("\" y=\"")
            .append(f(top, 1))
            .append("\" width=\"")
            .append(f(bar, 1))
            .append("\" height=\"")
            .append(f(P + W - top, 1))
            .append("\"/>");
      }
    }
    return frame(
        b.toString(),
        "decile (1 = highest predictions)",
        "lift (dashed: 1; top " + f(max, 1) + ")");
  }

  private static String legend(List<Entry> entries) {
    StringBuilder b = new StringBuilder();
    String[] colours = {"#155e75", "#d97706"};
    for (int k = 0; k < entries.size(); k++) {
      b.append("<span style=\"color:")
          .append(colours[k % 2])
          .append(";font-weight:600\">■ ")
          .append(esc(entries.get(k).name()))
          .append("</span>&nbsp;&nbsp; ");
    }
    return b.toString();
  }

  private static String diagonal() {
    return "<line x1=\""
        + x(0)
        + "\" y1=\""
        + y(0)
        + "\" x2=\""
        + x(1)
        + "\" y2=\""
        + y(1)
        + "\" stroke=\"#9aa5b1\" stroke-dasharray=\"4 3\"/>";
  }

  private static String f(double v, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f %%", 100 * v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}

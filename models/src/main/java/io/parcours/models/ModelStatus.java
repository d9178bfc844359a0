package io.parcours.models;

import java.util.List;

/**
 * What one model has learned and how well it predicts, for monitoring.
 *
 * @param modelId the model version, for example {@code probit:web@2}, or {@code
 *     beta:travel-card:app} for a family without versions
 * @param model the model all its versions share, for example {@code probit:web}
 * @param version the version's number, from 1
 * @param role {@code champion}, {@code challenger} or {@code standby} ({@link ModelRole})
 * @param trafficShare the share of the channel's decisions a challenger serves; 0 for the others
 * @param evidence responses learned
 * @param positives positive responses among them
 * @param features features with a weight (1 for a per-action model)
 * @param lastResponseId the last response learned; 0 when none
 * @param maturity {@code new} (fewer than 100 responses), {@code learning} (fewer than 1,000) or
 *     {@code mature}
 * @param prequentialAuc the AUC of the predictions made before each response was learned, over
 *     every response the model learned (the probit family saves it with the model; the beta family
 *     counts since the engine started); null until both outcomes were seen
 * @param calibration predicted against observed, by range of the prediction, over the same
 *     responses
 */
public record ModelStatus(
    String modelId,
    String model,
    int version,
    String role,
    double trafficShare,
    long evidence,
    long positives,
    int features,
    long lastResponseId,
    String maturity,
    Double prequentialAuc,
    List<ModelMonitor.CalibrationBin> calibration) {

  /** The maturity of a model with {@code evidence} responses. */
  public static String maturity(long evidence) {
    return evidence < 100 ? "new" : evidence < 1000 ? "learning" : "mature";
  }
}

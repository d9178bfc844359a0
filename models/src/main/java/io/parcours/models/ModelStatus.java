package io.parcours.models;

/**
 * What one model has learned, for monitoring.
 *
 * @param modelId the model, for example {@code probit:web} or {@code beta:travel-card:app}
 * @param version the model's version: the responses it has learned from
 * @param evidence responses learned
 * @param positives positive responses among them
 * @param features features with a weight (1 for a per-action model)
 * @param lastResponseId the last response learned; 0 when none
 */
public record ModelStatus(
    String modelId, long version, long evidence, long positives, int features, long lastResponseId) {}

package io.parcours.models;

/**
 * A model's answer for one action on one channel, with what a decision must record about it.
 *
 * @param modelId the model that scored, for example {@code beta:travel-card-abroad:web}
 * @param modelVersion that model's version: the number of responses it had learned from
 * @param evidence responses the model had learned from
 * @param propensity the posterior mean, the estimate shown to people
 * @param sampled the Thompson draw arbitration ranks on
 * @param posterior the distribution {@code sampled} was drawn from, to draw again when the
 *     probability of a ranking is estimated
 */
public record Score(
    String modelId,
    long modelVersion,
    long evidence,
    double propensity,
    double sampled,
    PropensityPosterior posterior) {}

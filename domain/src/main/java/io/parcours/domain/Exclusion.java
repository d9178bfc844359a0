package io.parcours.domain;

/**
 * An action that a rule kept out of a decision, with the name of that rule and why, in plain words.
 */
public record Exclusion(String actionId, String rule, String reason) {}

package io.parcours.domain;

import java.time.Instant;

/** A customer's stage in one journey, with the rule that placed them there and since when. */
public record CurrentStage(String journey, String stage, String rule, Instant since) {}

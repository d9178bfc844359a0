package io.parcours.domain;

import java.time.Instant;

/** One action shown or sent to a customer on a channel, as part of a decision. */
public record Impression(String actionId, Channel channel, Instant at) {}

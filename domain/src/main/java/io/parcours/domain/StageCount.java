package io.parcours.domain;

/** How many customers stand at each stage of a journey now. */
public record StageCount(String journey, String stage, long customers) {}

package io.parcours.domain;

/** A customer as a list of customers shows them: id, name and segment. */
public record CustomerSummary(String customerId, String name, String segment) {}

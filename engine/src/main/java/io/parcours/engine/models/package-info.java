/**
 * Versions of the channels' adaptive models: a data scientist's offline model uploaded as a
 * challenger (its weights become the new version's prior), its share of the traffic, promotion,
 * rollback and drop, each change stored with who made it, when and why.
 */
package io.parcours.engine.models;

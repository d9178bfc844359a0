/**
 * The path of a response: validate it against the impression it answers, store it durably (group
 * commit, deduplicated), then learn from it in storage order and count it for contact policies; and
 * the snapshots that let the adaptive models survive a restart.
 *
 * <p>Rules of this package: plain Java; one writer thread stores and learns, so the models learn
 * each stored response exactly once and in response-id order, which is what makes snapshot + replay
 * exact.
 */
package io.parcours.engine.response;

/**
 * Group commit: many request threads hand items to one writer thread, which takes whatever is
 * queued (up to a batch) and writes it in one transaction. Used by the audit trail and by response
 * capture.
 */
package io.parcours.engine.commit;

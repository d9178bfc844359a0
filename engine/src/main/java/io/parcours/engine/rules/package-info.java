/**
 * The life of rule sets while the engine serves: upload with validation and scenarios, activation
 * as an atomic swap, rollback, history, differences between versions and firing statistics. Every
 * change is audited in PostgreSQL.
 */
package io.parcours.engine.rules;

/**
 * How the engine is assembled and started: settings from MicroProfile Config, the schema migrated,
 * the demo pack loaded when asked, the rule set compiled, the models restored, the writers started;
 * and the users of the API.
 *
 * <p>Rules of this package: {@link io.parcours.engine.runtime.Engine} is plain Java, so benchmarks
 * start the same engine the server runs; only {@link io.parcours.engine.runtime.EngineRuntime}
 * knows the container.
 */
package io.parcours.engine.runtime;

/**
 * The runtime's error for a configuration value it cannot run with (such
 * as `PORT` or `SHUTDOWN_TIMEOUT`). It is named `ConfigError`, the name an
 * app's entry point can report as one line without a stack; `framework/`
 * never imports the app's own class.
 *
 * @module
 */

/** A configuration value the runtime cannot run with, named with its fix. */
export class RuntimeConfigError extends Error {
  override name = "ConfigError";
}

/**
 * The error a configuration value the app cannot run with raises at
 * start-up. Its message is one line that names the variable and the fix;
 * entry points print just that line (see `utils/startup_errors.ts`).
 *
 * @module
 */

/** A configuration value that cannot work, named with its fix. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * The `fresh.config.ts` options the shop can be served with, checked at
 * start-up by the launcher and by each entry point, so that an option the
 * runtime accepts but the app cannot work under stops it with one line
 * rather than serving broken pages.
 *
 * @module
 */
import type { FreshConfig } from "$fresh/server.ts";
import { ConfigError } from "./config_error.ts";

/**
 * Refuses `router.basePath`: the shop's links, form actions, redirects and
 * the sign-in's `next` are all written from the root, so under a prefix
 * every page would link out of the app.
 *
 * @param config The app's `fresh.config.ts` export.
 * @throws {ConfigError} naming the option and the fix.
 */
export function checkFreshConfig(config: FreshConfig): void {
  const basePath = config.router?.basePath;
  if (basePath !== undefined && basePath !== "" && basePath !== "/") {
    throw new ConfigError(
      `fresh.config.ts router.basePath ${
        JSON.stringify(basePath)
      } is not supported: the shop's links, forms and redirects start at /. Serve it at the root of a host of its own (e.g. shop.example.com) and remove basePath.`,
    );
  }
}

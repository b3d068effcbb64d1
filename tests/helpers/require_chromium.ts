/**
 * The test run's preflight (`deno task test` runs it before `deno test`):
 * exits 1 with one line when no Chromium is found, so that a new machine
 * learns what it lacks at once instead of from every browser test.
 *
 *   deno run --allow-env --allow-read tests/helpers/require_chromium.ts
 *
 * @module
 */
import { ChromiumNotFoundError, findChromium } from "./chromium.ts";

try {
  findChromium();
} catch (error) {
  if (!(error instanceof ChromiumNotFoundError)) throw error;
  console.error(error.message);
  Deno.exit(1);
}

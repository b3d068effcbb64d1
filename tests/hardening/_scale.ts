/**
 * Sizes of the hardening runs: small enough for `deno task test` on two
 * cores, larger under `deno task stress` (`STRESS=1`). The same code runs
 * in both; only these numbers change.
 *
 * @module
 */

/** Whether this is a stress run. */
export const STRESS = Deno.env.get("STRESS") === "1";

/** Picks the CI or the stress value. */
export function scale<T>(ci: T, stress: T): T {
  return STRESS ? stress : ci;
}

/** Writes a figure where `deno test` shows it, and in the README's words. */
export function figure(name: string, value: unknown): void {
  console.log(`FIGURE ${name}: ${JSON.stringify(value)}`);
}

/**
 * The account services of the running app, bound to its KV handle and
 * configured once from the environment:
 *
 * - `LOGIN_TRUST_FORWARDED_FOR=true`: take the client address for the
 *   guessing limits from `X-Forwarded-For` (only behind a proxy that sets
 *   it). Default: the TCP peer.
 * - `SIGNUP_MAX_PER_ADDRESS`: sign-ups allowed per client address per
 *   hour. Default: 10.
 *
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";
import { kv } from "../db.ts";
import { clientAddress } from "../http/client_address.ts";
import { SignupLimit } from "./signup_limit.ts";
import { LoginThrottle } from "./throttle.ts";
import { ensureDemoUser } from "./users.ts";

function envFlag(name: string): boolean {
  const raw = Deno.env.get(name)?.trim().toLowerCase();
  if (raw === undefined || raw === "" || raw === "false" || raw === "0") {
    return false;
  }
  if (raw === "true" || raw === "1") return true;
  throw new Error(
    `Environment variable ${name} must be true or false, got ${
      JSON.stringify(raw)
    }.`,
  );
}

function envCount(name: string, fallback: number): number {
  const raw = Deno.env.get(name)?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value <= 0) {
    throw new Error(
      `Environment variable ${name} must be a positive whole number, got ${
        JSON.stringify(raw)
      }.`,
    );
  }
  return value;
}

const trustForwardedFor = envFlag("LOGIN_TRUST_FORWARDED_FOR");

/** The app's login throttle: 5 failures per username, 20 per address, per 15 minutes. */
export const loginThrottle: LoginThrottle = new LoginThrottle(kv);

/** The app's sign-up limit: `SIGNUP_MAX_PER_ADDRESS` (10) per address per hour. */
export const signupLimit: SignupLimit = new SignupLimit(kv, {
  maxPerAddress: envCount("SIGNUP_MAX_PER_ADDRESS", 10),
  windowSeconds: 3600,
});

/** The client address of the request, as the guessing limits see it. */
export function requestAddress(
  req: Request,
  ctx: Pick<FreshContext, "remoteAddr">,
): string {
  return clientAddress(req, ctx.remoteAddr, { trustForwardedFor });
}

let seeded: Promise<void> | undefined;

/**
 * Creates the demo account on first use; later calls share the result.
 * A failure (KV down) is not remembered, so the next call tries again.
 */
export function ensureAccountsSeeded(): Promise<void> {
  seeded ??= ensureDemoUser(kv);
  seeded.catch(() => seeded = undefined);
  return seeded;
}

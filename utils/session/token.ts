/**
 * Session tokens: the only secret that leaves the server.
 *
 * A token is 32 bytes from `crypto.getRandomValues`, written as unpadded
 * base64url (43 characters). Only `SHA-256(token)` is ever stored, so a dump
 * of the KV database or a log line is not enough to take over a session
 * (the same design as lucia's session guide). The two branded types keep the
 * two apart at compile time: a {@linkcode SessionToken} cannot be used where
 * a {@linkcode TokenHash} (a KV key part) is expected, and vice versa.
 *
 * @see https://lucia-auth.com/sessions/basic
 * @module
 */
import { createHash } from "node:crypto";
import { Buffer } from "node:buffer";

declare const tokenBrand: unique symbol;
declare const hashBrand: unique symbol;

/** A raw session token, as carried by the cookie. Never store or log it. */
export type SessionToken = string & { readonly [tokenBrand]: true };

/** `SHA-256(token)` in base64url: the KV key part for a session. */
export type TokenHash = string & { readonly [hashBrand]: true };

/** Number of random bytes in a token. 256 bits defeats guessing. */
export const TOKEN_BYTES = 32;

/** Length of a token in base64url without padding: ceil(32 * 8 / 6). */
export const TOKEN_LENGTH = 43;

// 32 bytes leave 4 data bits and 2 zero bits in the last character, so a
// canonical encoding ends in one of the 16 characters whose index is a
// multiple of 4. Checking it rejects non-canonical aliases of a real token.
const TOKEN_RE = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

/**
 * Creates a new random session token.
 *
 * @example
 * ```ts
 * const token = generateToken(); // "q3Jd…" (43 chars)
 * ```
 */
export function generateToken(): SessionToken {
  const bytes = crypto.getRandomValues(new Uint8Array(TOKEN_BYTES));
  return Buffer.from(bytes).toString("base64url") as SessionToken;
}

/**
 * Tells whether `value` has the exact shape of a token this module would
 * generate. Anything else (wrong length, alphabet, padding, quotes, percent
 * escapes) is rejected before any KV read happens.
 *
 * @param value Untrusted input, typically a cookie value.
 * @example
 * ```ts
 * if (isWellFormedToken(raw)) store.load(hashToken(raw));
 * ```
 */
export function isWellFormedToken(value: unknown): value is SessionToken {
  return typeof value === "string" && value.length === TOKEN_LENGTH &&
    TOKEN_RE.test(value);
}

/**
 * Derives the KV key part for a token: base64url of SHA-256.
 *
 * `node:crypto`'s synchronous `createHash` is used because this runs on
 * every request that carries a cookie; it is much cheaper per call than the
 * promise-based `crypto.subtle.digest`.
 *
 * @param token A well-formed token.
 * @example
 * ```ts
 * const key = ["sessions", hashToken(token)];
 * ```
 */
export function hashToken(token: SessionToken): TokenHash {
  return createHash("sha256").update(token).digest("base64url") as TokenHash;
}

// Random per process, so log hashes cannot be matched across processes or
// restarts, nor brute-forced back to the KV key.
const LOG_SALT = crypto.getRandomValues(new Uint8Array(16));

/**
 * A short salted hash of a token for log lines: enough to correlate the
 * events of one session within one process, useless to an attacker.
 *
 * @param token The token to describe.
 * @example
 * ```ts
 * logger.info("session created", { session: logHash(token) });
 * ```
 */
export function logHash(token: SessionToken): string {
  return createHash("sha256").update(LOG_SALT).update(token).digest("hex")
    .slice(0, 12);
}

/**
 * A short salted hash of a token's KV hash, for log lines about a stored
 * record (whose token the store never sees): it names the row within one
 * process, and cannot be turned back into the KV key.
 *
 * @param hash The KV hash of a token.
 */
export function logKeyHash(hash: TokenHash): string {
  return createHash("sha256").update(LOG_SALT).update(hash).digest("hex")
    .slice(0, 12);
}

/**
 * Creates a public session reference: a random id shown to the user in the
 * "your sessions" list and used to revoke one session. It is unrelated to
 * the token and its hash, so exposing it leaks nothing usable. A v4 UUID
 * (122 random bits) is unguessable enough for an id that grants nothing by
 * itself, and the runtime makes one far faster than encoding fresh bytes.
 *
 * @example
 * ```ts
 * const ref = generateRef(); // e.g. "3b241101-e2bb-4255-8caf-4136c566a962"
 * ```
 */
export function generateRef(): string {
  return crypto.randomUUID();
}

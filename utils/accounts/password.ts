/**
 * Password hashing with PBKDF2-HMAC-SHA256 through WebCrypto, stored as a
 * self-describing string so that the cost can be raised later without
 * invalidating existing hashes:
 *
 * ```text
 * pbkdf2-sha256$600000$<salt, base64url>$<hash, base64url>
 * ```
 *
 * Verification compares in constant time, and {@linkcode DUMMY_PASSWORD_HASH}
 * lets a login for an unknown user cost exactly as much as a wrong
 * password, so response times do not reveal which usernames exist.
 *
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#pbkdf2
 *   (600,000 iterations of PBKDF2-HMAC-SHA256, as of 2023)
 * @module
 */

/** The algorithm tag at the start of every stored hash. */
export const PASSWORD_ALGORITHM = "pbkdf2-sha256";

/** Iterations for new hashes: the OWASP minimum for PBKDF2-HMAC-SHA256. */
export const PBKDF2_ITERATIONS = 600_000;

/** Bytes of random salt per hash. */
export const SALT_BYTES = 16;

/** Bytes of derived key stored: the SHA-256 output size. */
export const HASH_BYTES = 32;

/** Shortest password accepted for new accounts and password changes. */
export const MIN_PASSWORD_LENGTH = 10;

/**
 * Longest password accepted. PBKDF2 pre-hashes long keys, so this is not
 * about cost per iteration; it only bounds what we are asked to encode.
 */
export const MAX_PASSWORD_LENGTH = 1024;

// Stored hashes are read back from KV: refuse absurd costs that a corrupt
// or hostile record could use to pin the CPU.
const MAX_ITERATIONS = 10_000_000;

/** A parsed stored hash. */
export interface PasswordHashParts {
  iterations: number;
  salt: Uint8Array<ArrayBuffer>;
  hash: Uint8Array<ArrayBuffer>;
}

let derivations = 0;

/**
 * How many PBKDF2 derivations this process has run. For tests and metrics:
 * it shows, for example, that a throttled login did no hashing at all.
 */
export function derivationCount(): number {
  return derivations;
}

const encoder = new TextEncoder();

async function derive(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array<ArrayBuffer>> {
  derivations++;
  // NFC, so that the same password typed on two keyboards (composed vs
  // decomposed accents) gives the same bytes.
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(password.normalize("NFC")),
    "PBKDF2",
    false,
    ["deriveBits"],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    key,
    HASH_BYTES * 8,
  );
  return new Uint8Array(bits);
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(
    /=+$/,
    "",
  );
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}

/** Encodes the parts as `pbkdf2-sha256$iterations$salt$hash`. */
export function formatPasswordHash(parts: PasswordHashParts): string {
  return [
    PASSWORD_ALGORITHM,
    String(parts.iterations),
    toBase64Url(parts.salt),
    toBase64Url(parts.hash),
  ].join("$");
}

/**
 * Parses a stored hash. Returns null for anything malformed, an unknown
 * algorithm, or an out-of-range iteration count.
 *
 * @param stored A string from {@linkcode hashPassword}.
 */
export function parsePasswordHash(stored: string): PasswordHashParts | null {
  const parts = stored.split("$");
  if (parts.length !== 4 || parts[0] !== PASSWORD_ALGORITHM) return null;
  if (!/^[1-9][0-9]{0,7}$/.test(parts[1])) return null;
  const iterations = Number(parts[1]);
  if (iterations > MAX_ITERATIONS) return null;
  const salt = fromBase64Url(parts[2]);
  const hash = fromBase64Url(parts[3]);
  if (!salt || salt.length < 8 || !hash || hash.length !== HASH_BYTES) {
    return null;
  }
  return { iterations, salt, hash };
}

/**
 * Hashes `password` with a fresh random salt.
 *
 * @param password The password, as typed.
 * @param iterations PBKDF2 iterations; {@linkcode PBKDF2_ITERATIONS} unless
 *   a test needs something cheaper.
 * @example
 * ```ts
 * const stored = await hashPassword("correct horse battery");
 * // "pbkdf2-sha256$600000$…$…"
 * ```
 */
export async function hashPassword(
  password: string,
  iterations: number = PBKDF2_ITERATIONS,
): Promise<string> {
  if (!Number.isSafeInteger(iterations) || iterations < 1) {
    throw new RangeError(
      "hashPassword: iterations must be a positive integer.",
    );
  }
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, iterations);
  return formatPasswordHash({ iterations, salt, hash });
}

/**
 * Whether `a` and `b` hold the same bytes, in time that depends only on
 * their lengths, never on where they first differ.
 *
 * @param a Bytes.
 * @param b Bytes.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/**
 * Checks `password` against a stored hash. A malformed stored hash never
 * matches; it is still checked at full cost (against
 * {@linkcode DUMMY_PASSWORD_HASH}) so that it takes as long as a real one.
 *
 * @param password The password, as typed.
 * @param stored A string from {@linkcode hashPassword}.
 * @example
 * ```ts
 * if (await verifyPassword(form.password, user.passwordHash)) login();
 * ```
 */
export async function verifyPassword(
  password: string,
  stored: string,
): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  const parts = parsed ?? DUMMY_PARTS;
  const hash = await derive(password, parts.salt, parts.iterations);
  return constantTimeEqual(hash, parts.hash) && parsed !== null;
}

/**
 * Whether a stored hash was made with weaker settings than new hashes get,
 * so that it should be replaced after the next successful login.
 *
 * @param stored A stored hash.
 */
export function needsRehash(stored: string): boolean {
  const parsed = parsePasswordHash(stored);
  return parsed === null || parsed.iterations < PBKDF2_ITERATIONS ||
    parsed.salt.length < SALT_BYTES;
}

/**
 * A well-formed hash that no password matches: its "derived key" is random
 * bytes drawn at start-up, not the output of PBKDF2. Verifying against it
 * costs a full derivation, which is the point: a login for an unknown user
 * runs it so that it takes as long as a wrong password.
 */
export const DUMMY_PASSWORD_HASH: string = formatPasswordHash({
  iterations: PBKDF2_ITERATIONS,
  salt: crypto.getRandomValues(new Uint8Array(SALT_BYTES)),
  hash: crypto.getRandomValues(new Uint8Array(HASH_BYTES)),
});

const DUMMY_PARTS: PasswordHashParts = parsePasswordHash(DUMMY_PASSWORD_HASH)!;

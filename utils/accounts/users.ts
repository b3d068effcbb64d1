/**
 * User accounts in KV:
 *
 * - `["users", id]` → {@linkcode User}
 * - `["users_by_name", username]` → id, the unique index
 *
 * A new account writes both keys in one atomic commit that checks the
 * name is still free, so two sign-ups racing for one name cannot both win.
 *
 * @module
 */
import { reportBadRow } from "../bad_rows.ts";
import { hashPassword } from "./password.ts";
import type { SessionGuard } from "../session/store.ts";

/** A stored account. */
export interface User {
  id: string;
  /** 3–32 characters of `a-z`, `0-9` and `_`. */
  username: string;
  /** From `hashPassword`: `pbkdf2-sha256$iterations$salt$hash`. */
  passwordHash: string;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms of the last password change (or creation). */
  passwordChangedAt: number;
}

/** What a username may look like. */
export const USERNAME_PATTERN = /^[a-z0-9_]{3,32}$/;

/** The same rule, as an HTML `pattern` attribute for the form field. */
export const USERNAME_HTML_PATTERN = "[a-z0-9_]{3,32}";

/** The demo account every fresh database gets. */
export const DEMO_USERNAME = "demo";
/** Its password, printed on the login page. */
export const DEMO_PASSWORD = "demo-pass-2026";

// Precomputed hash of DEMO_PASSWORD, so that seeding costs no PBKDF2 run.
// The password is public anyway; a known salt reveals nothing more.
const DEMO_PASSWORD_HASH =
  "pbkdf2-sha256$600000$wG5UdjSNIMPuBvE16SFtlA$vjD0i5ddk1ce9ciADsC-Eulr_fLoMTNUJAUa9nEbO_A";

// Not a UUID, so no user ever has it.
const NO_SUCH_ID = "-";

const userKey = (id: string) => ["users", id];
const nameKey = (username: string) => ["users_by_name", username];

/**
 * Lower-cases ASCII letters and trims: what a user typed, as a username
 * to look up. Other characters are left alone (and then fail
 * {@linkcode isValidUsername}), so no Unicode case mapping can turn one
 * name into another.
 *
 * @param input The raw form value.
 */
export function normalizeUsername(input: string): string {
  return input.trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Whether `username` follows {@linkcode USERNAME_PATTERN}. */
export function isValidUsername(username: string): boolean {
  return USERNAME_PATTERN.test(username);
}

function isUser(value: unknown): value is User {
  return typeof value === "object" && value !== null &&
    "id" in value && typeof value.id === "string" &&
    "username" in value && typeof value.username === "string" &&
    "passwordHash" in value && typeof value.passwordHash === "string" &&
    "createdAt" in value && typeof value.createdAt === "number" &&
    "passwordChangedAt" in value &&
    typeof value.passwordChangedAt === "number";
}

/** A user with the version of its row, for a guarded write. */
export interface UserEntry {
  user: User;
  versionstamp: string;
}

/**
 * The user with `id` and its row's version, or null (also for a malformed
 * row, logged once).
 */
export async function getUserEntry(
  kv: Deno.Kv,
  id: string,
): Promise<UserEntry | null> {
  const entry = await kv.get(userKey(id));
  if (entry.versionstamp === null) return null;
  if (isUser(entry.value) && entry.value.id === id) {
    return { user: entry.value, versionstamp: entry.versionstamp };
  }
  reportBadRow(entry, "user");
  return null;
}

/** The user with `id`, or null (also for a malformed row, logged once). */
export async function getUser(kv: Deno.Kv, id: string): Promise<User | null> {
  return (await getUserEntry(kv, id))?.user ?? null;
}

/**
 * The user named `username` (already normalized) with its row's version,
 * or null. Invalid names are never looked up.
 */
export async function findUserEntryByName(
  kv: Deno.Kv,
  username: string,
): Promise<UserEntry | null> {
  if (!isValidUsername(username)) return null;
  const entry = await kv.get(nameKey(username));
  if (entry.versionstamp !== null && typeof entry.value !== "string") {
    reportBadRow(entry, "username index");
  }
  // An unknown name still costs the second read, so that a login's timing
  // does not tell unknown users from known ones.
  const id = typeof entry.value === "string" ? entry.value : NO_SUCH_ID;
  const found = await getUserEntry(kv, id);
  return found?.user.username === username ? found : null;
}

/**
 * The user named `username` (already normalized), or null. Invalid names
 * are never looked up.
 */
export async function findUserByName(
  kv: Deno.Kv,
  username: string,
): Promise<User | null> {
  return (await findUserEntryByName(kv, username))?.user ?? null;
}

/**
 * The guard a sign-in passes to `session.login()`: the user row must still
 * be at the version the password was checked against when the session is
 * saved. A password change or a deletion in between fails the sign-in.
 *
 * @param entry The user as read before checking the password.
 */
export function userGuard(entry: UserEntry): SessionGuard {
  return { key: userKey(entry.user.id), version: entry.versionstamp };
}

/**
 * Stores a new account with an already computed password hash. Returns
 * null when the name is taken, including by a sign-up that committed a
 * moment earlier.
 *
 * @param kv The database.
 * @param username A valid, normalized username.
 * @param passwordHash From `hashPassword`.
 * @param now The clock, for tests.
 */
export async function insertUser(
  kv: Deno.Kv,
  username: string,
  passwordHash: string,
  now: number = Date.now(),
): Promise<User | null> {
  return (await insertUserEntry(kv, username, passwordHash, now))?.user ??
    null;
}

/** {@linkcode insertUser}, also returning the new row's version. */
export async function insertUserEntry(
  kv: Deno.Kv,
  username: string,
  passwordHash: string,
  now: number = Date.now(),
): Promise<UserEntry | null> {
  if (!isValidUsername(username)) {
    throw new TypeError(
      `insertUser: ${JSON.stringify(username)} is not a valid username.`,
    );
  }
  const user: User = {
    id: crypto.randomUUID(),
    username,
    passwordHash,
    createdAt: now,
    passwordChangedAt: now,
  };
  const result = await kv.atomic()
    .check({ key: nameKey(username), versionstamp: null })
    .check({ key: userKey(user.id), versionstamp: null })
    .set(nameKey(username), user.id)
    .set(userKey(user.id), user)
    .commit();
  return result.ok ? { user, versionstamp: result.versionstamp } : null;
}

/**
 * Creates an account: hashes `password`, then stores the user. Returns
 * null when the name is taken.
 *
 * @example
 * ```ts
 * const user = await createUser(kv, "ada", "correct horse battery");
 * if (!user) errors.username = "That username is taken.";
 * ```
 */
export async function createUser(
  kv: Deno.Kv,
  username: string,
  password: string,
): Promise<UserEntry | null> {
  return await insertUserEntry(kv, username, await hashPassword(password));
}

/**
 * Replaces a user's password hash. Retries when the record changed
 * meanwhile; returns the updated user, or null when it no longer exists.
 *
 * @param kv The database.
 * @param id The user's id.
 * @param passwordHash From `hashPassword`.
 */
export async function setPasswordHash(
  kv: Deno.Kv,
  id: string,
  passwordHash: string,
  now: number = Date.now(),
): Promise<UserEntry | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const entry = await kv.get(userKey(id));
    if (!isUser(entry.value)) return null;
    const user: User = {
      ...entry.value,
      passwordHash,
      passwordChangedAt: now,
    };
    const result = await kv.atomic().check(entry).set(userKey(id), user)
      .commit();
    if (result.ok) return { user, versionstamp: result.versionstamp };
  }
  throw new Error(`setPasswordHash: user ${id} kept changing.`);
}

/**
 * Replaces the hash of the same password (stronger settings), only if the
 * row is still `entry`'s version; `passwordChangedAt` stays, as the
 * password did not change. Returns the new entry, or null when the row
 * changed meanwhile (and then writes nothing).
 *
 * @param kv The database.
 * @param entry The user as read before checking the password.
 * @param passwordHash The same password, hashed again.
 */
export async function rehashPassword(
  kv: Deno.Kv,
  entry: UserEntry,
  passwordHash: string,
): Promise<UserEntry | null> {
  const user: User = { ...entry.user, passwordHash };
  const result = await kv.atomic()
    .check({ key: userKey(user.id), versionstamp: entry.versionstamp })
    .set(userKey(user.id), user)
    .commit();
  return result.ok ? { user, versionstamp: result.versionstamp } : null;
}

/**
 * Hashes `password` and stores it as the user's new password.
 *
 * @example
 * ```ts
 * await setPassword(kv, user.id, form.newPassword);
 * ```
 */
export async function setPassword(
  kv: Deno.Kv,
  id: string,
  password: string,
): Promise<UserEntry | null> {
  return await setPasswordHash(kv, id, await hashPassword(password));
}

/**
 * Removes a user's row and, if it still points at the user, the username
 * index entry, plus `alsoDelete` (the user's other rows), in one atomic
 * commit that checks the row is still `entry`'s version. Returns false,
 * removing nothing, when the row changed meanwhile.
 *
 * @param kv The database.
 * @param entry The user as read before checking the password.
 * @param alsoDelete More keys to delete in the same commit.
 */
export async function deleteUser(
  kv: Deno.Kv,
  entry: UserEntry,
  alsoDelete: readonly Deno.KvKey[] = [],
): Promise<boolean> {
  const { user } = entry;
  const name = await kv.get(nameKey(user.username));
  const op = kv.atomic()
    .check({ key: userKey(user.id), versionstamp: entry.versionstamp })
    .check(name)
    .delete(userKey(user.id));
  if (name.value === user.id) op.delete(nameKey(user.username));
  for (const key of alsoDelete) op.delete(key);
  return (await op.commit()).ok;
}

/**
 * Creates the demo account (`demo` / `demo-pass-2026`) unless the name
 * exists. Safe to call any number of times, also concurrently.
 */
export async function ensureDemoUser(kv: Deno.Kv): Promise<void> {
  if (await findUserByName(kv, DEMO_USERNAME)) return;
  // null: another call created it first, which is just as good.
  await insertUser(kv, DEMO_USERNAME, DEMO_PASSWORD_HASH);
}

/**
 * The session store contract: what the session layer needs from a storage
 * backend, and what it hands back (the record itself is in record.ts).
 *
 * The contract is deliberately small (three methods, like Django's list of
 * "methods that child classes must implement") so that any backend can be
 * checked by one shared test suite. Policy (expiry, merging, cookies) lives
 * above it (record.ts, save_plan.ts, http_policy.ts); a store only reads,
 * lists and commits atomically.
 *
 * @module
 */
import type { JsonValue } from "./json.ts";
import type { SessionRecord } from "./record.ts";
import type { TokenHash } from "./token.ts";

export type { SessionRecord } from "./record.ts";

/** A record as loaded, with its parsed data and its version. */
export interface StoredSession {
  hash: TokenHash;
  record: SessionRecord;
  /** `record.data`, parsed. */
  data: Record<string, JsonValue>;
  /**
   * Opaque version for compare-and-set. Versions of one database compare
   * lexicographically in commit order (true of Deno KV versionstamps).
   */
  version: string;
}

/** The value stored under `["user_sessions", userId, ref]`. */
export interface UserIndexEntry {
  /** The session's KV key part. Stays server-side; the ref is public. */
  hash: TokenHash;
  createdAt: number;
  userAgent: string;
}

/** One entry of a user's session index, joined with its record. */
export interface IndexedSession {
  userId: string;
  ref: string;
  entry: UserIndexEntry;
  /** Version of the index entry, for a guarded removal. */
  version: string;
  /** The session it points to; null when missing or corrupt. */
  session: StoredSession | null;
}

/**
 * A record outside the session store, in the same database, that must
 * still be at the version a caller read for a commit to apply: the user
 * row a sign-in checked the password against, so that a password change
 * or an account deletion committed meanwhile makes the sign-in fail.
 */
export interface SessionGuard {
  /** The record's key in the store's database. */
  key: Deno.KvKey;
  /** The version read; null for "must not exist". */
  version: string | null;
}

/**
 * One atomic change. Every part succeeds or none does; a failed check
 * (someone else wrote first) makes `commit` return null.
 */
export interface SessionCommit {
  /**
   * Records that must be unchanged. When one changed, `commit` throws
   * `SessionGuardError` instead of returning null: retrying cannot help.
   */
  guards?: readonly SessionGuard[];
  /** Write a record. `expected` is the version read, or null for "must not exist". */
  put?: {
    hash: TokenHash;
    record: SessionRecord;
    expected: string | null;
    /** Milliseconds until the backend may delete it. */
    expireIn: number;
  };
  /** Delete records; with `expected` set, only if still at that version. */
  remove?: { hash: TokenHash; expected?: string | null }[];
  /** Write a user index entry. */
  indexPut?: {
    userId: string;
    ref: string;
    entry: UserIndexEntry;
    expireIn: number;
  };
  /** Delete user index entries; with `expected`, only if unchanged. */
  indexRemove?: { userId: string; ref: string; expected?: string }[];
}

/** The storage backend of the session layer. */
export interface SessionStore {
  /**
   * Reads one session by token hash: exactly one backend read. Returns
   * null when it does not exist or is corrupt (the store logs corruption).
   * Does not check expiry: the caller owns the clock.
   */
  load(hash: TokenHash): Promise<StoredSession | null>;

  /**
   * Applies `commit` atomically. Returns the new version on success and
   * null when a check failed. Throws `SessionGuardError` when one of
   * `commit.guards` changed, `SessionTooLargeError` when a value is too
   * large and `SessionUnavailableError` when the backend stays busy; in
   * every case nothing was written.
   */
  commit(commit: SessionCommit): Promise<string | null>;

  /**
   * Lists a user's index entries with the sessions they point to, in
   * index-key order. Expiry is not checked here either.
   */
  listUser(userId: string): Promise<IndexedSession[]>;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/**
 * Validates an untrusted stored value as a {@linkcode SessionRecord} and
 * parses its data. Returns null for anything malformed, so corrupt data
 * becomes an empty session instead of an exception.
 *
 * @param value What the backend returned.
 */
export function parseRecord(
  value: unknown,
): { record: SessionRecord; data: Record<string, JsonValue> } | null {
  if (typeof value !== "object" || value === null) return null;
  const r = value as Partial<SessionRecord>;
  if (
    r.v !== 1 || typeof r.data !== "string" ||
    !isFiniteNumber(r.createdAt) || !isFiniteNumber(r.lastActiveAt) ||
    !isFiniteNumber(r.absoluteExpiresAt) || !isFiniteNumber(r.expiresAt) ||
    !isFiniteNumber(r.idleTimeout) || r.idleTimeout <= 0 ||
    typeof r.persistent !== "boolean" || typeof r.ref !== "string" ||
    typeof r.userAgent !== "string" ||
    (r.userId !== undefined && typeof r.userId !== "string") ||
    (r.provisional !== undefined && r.provisional !== true)
  ) {
    return null;
  }
  let data: unknown;
  try {
    data = JSON.parse(r.data);
  } catch {
    return null;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return null;
  }
  return {
    record: r as SessionRecord,
    data: data as Record<string, JsonValue>,
  };
}

/**
 * Validates an untrusted stored value as a {@linkcode UserIndexEntry}.
 *
 * @param value What the backend returned.
 */
export function parseIndexEntry(value: unknown): UserIndexEntry | null {
  if (typeof value !== "object" || value === null) return null;
  const e = value as Partial<UserIndexEntry>;
  if (
    typeof e.hash !== "string" || !isFiniteNumber(e.createdAt) ||
    typeof e.userAgent !== "string"
  ) {
    return null;
  }
  return e as UserIndexEntry;
}

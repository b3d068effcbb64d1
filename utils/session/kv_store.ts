/**
 * The Deno KV implementation of {@linkcode SessionStore}: the only module
 * that touches KV for sessions.
 *
 * Keys:
 * - `["sessions", tokenHash]` → {@linkcode SessionRecord}
 * - `["user_sessions", userId, ref]` → {@linkcode UserIndexEntry}
 *
 * A commit may also carry guards: records of the same database (a user
 * row) checked in the same atomic operation. When a guard no longer holds,
 * `commit` throws `SessionGuardError` rather than returning null.
 *
 * Two kinds of failure are retried here, so callers see either success or
 * one typed error with nothing written:
 * - a KV file shared by several processes answers "database is locked" under
 *   contention; it is retried with bounded, jittered backoff, then reported
 *   as `SessionUnavailableError`;
 * - KV's own "Value too large" error becomes `SessionTooLargeError`.
 *
 * Under load, concurrent loads and saves are grouped (utils/kv/group_read.ts,
 * group_commit.ts): fewer round trips and transactions, the same answers.
 *
 * @module
 */
import {
  SessionGuardError,
  SessionTooLargeError,
  SessionUnavailableError,
} from "./errors.ts";
import { GroupCommitter, type PlannedCommit } from "../kv/group_commit.ts";
import { GroupReader } from "../kv/group_read.ts";
import type { SessionLogger } from "./logger.ts";
import { consoleLogger } from "./logger.ts";
import {
  type IndexedSession,
  parseIndexEntry,
  parseRecord,
  type SessionCommit,
  type SessionGuard,
  type SessionStore,
  type StoredSession,
} from "./store.ts";
import { logKeyHash, type TokenHash } from "./token.ts";
import { isKvLockedError } from "../kv/errors.ts";

/** Key prefix of session records. */
export const SESSIONS_PREFIX = "sessions";
/** Key prefix of the per-user session index. */
export const USER_SESSIONS_PREFIX = "user_sessions";

/** Options for {@linkcode KvSessionStore}. */
export interface KvSessionStoreOptions {
  /** @default consoleLogger */
  logger?: SessionLogger;
  /**
   * How many times an operation that failed with "database is locked" is
   * retried before `SessionUnavailableError` is thrown.
   * @default 8
   */
  lockedRetries?: number;
  /**
   * Base delay in ms of the exponential, fully jittered backoff between
   * those retries (capped at 32 × base).
   * @default 10
   */
  lockedBackoff?: number;
  /**
   * Stop retrying once this many ms have passed since the first attempt.
   * SQLite itself already waits up to 5 s for a lock held by another
   * process before Deno KV reports "database is locked", so such an error
   * is not retried at length; the quick ones (a write that raced another
   * process's commit) are.
   * @default 3000
   */
  lockedBudget?: number;
  /**
   * Let concurrent saves of different sessions share one KV transaction
   * (group_commit.ts). Each save stays atomic and durable on its own; under
   * load, a KV file then absorbs several times more saves per second.
   * @default true
   */
  groupCommit?: boolean;
  /**
   * Let concurrent session loads share one `getMany` (group_read.ts).
   * @default true
   */
  groupReads?: boolean;
}

/** Corrupt records remembered as already logged, at most. */
const MAX_REPORTED = 10_000;

/** `getMany` accepts at most 10 keys per call. */
const GET_MANY_LIMIT = 10;

function isTooLargeError(error: unknown): boolean {
  return error instanceof Error &&
    /value too large|mutation size too large/i.test(error.message);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Session storage on a `Deno.Kv`. The KV handle is passed in: opening and
 * closing it is the application's job (utils/kv/db.ts).
 *
 * @example
 * ```ts
 * const kv = await Deno.openKv(":memory:");
 * const store = new KvSessionStore(kv);
 * ```
 */
export class KvSessionStore implements SessionStore {
  #kv: Deno.Kv;
  #logger: SessionLogger;
  #lockedRetries: number;
  #lockedBackoff: number;
  #lockedBudget: number;
  #committer: GroupCommitter | null;
  #reader: GroupReader | null;
  #reportedCorrupt = new Set<string>();

  /**
   * @param kv An open KV handle.
   * @param options Logger and retry tuning.
   */
  constructor(kv: Deno.Kv, options: KvSessionStoreOptions = {}) {
    if (!kv || typeof (kv as Partial<Deno.Kv>).atomic !== "function") {
      throw new TypeError(
        "KvSessionStore needs an open Deno.Kv: pass the handle from utils/kv/db.ts (await Deno.openKv(...)).",
      );
    }
    this.#kv = kv;
    this.#logger = options.logger ?? consoleLogger;
    this.#lockedRetries = options.lockedRetries ?? 8;
    this.#lockedBackoff = options.lockedBackoff ?? 10;
    this.#lockedBudget = options.lockedBudget ?? 3000;
    this.#committer = options.groupCommit === false
      ? null
      : new GroupCommitter(kv);
    this.#reader = options.groupReads === false ? null : new GroupReader(kv);
  }

  async load(hash: TokenHash): Promise<StoredSession | null> {
    const key = [SESSIONS_PREFIX, hash];
    const entry = await this.#retry(
      "load",
      () => this.#reader ? this.#reader.get(key) : this.#kv.get(key),
    );
    return this.#toStored(hash, entry);
  }

  async commit(commit: SessionCommit): Promise<string | null> {
    const plan = planCommit(commit);
    const result = await this.#retry("commit", () => {
      if (this.#committer) return this.#committer.commit(plan);
      // An AtomicOperation is single-use, so each attempt builds its own.
      return this.#kv.atomic().check(...plan.checks).mutate(...plan.mutations)
        .commit();
    });
    if (result.ok) return result.versionstamp;
    if (commit.guards?.length) await this.#assertGuards(commit.guards);
    return null;
  }

  /** Throws `SessionGuardError` when a guarded record changed. */
  async #assertGuards(guards: readonly SessionGuard[]): Promise<void> {
    for (let i = 0; i < guards.length; i += GET_MANY_LIMIT) {
      const batch = guards.slice(i, i + GET_MANY_LIMIT);
      const entries = await this.#retry(
        "guard",
        () => this.#kv.getMany(batch.map((guard) => guard.key)),
      );
      if (entries.some((entry, j) => entry.versionstamp !== batch[j].version)) {
        throw new SessionGuardError();
      }
    }
  }

  async listUser(userId: string): Promise<IndexedSession[]> {
    const entries = await this.#retry("list", () =>
      Array.fromAsync(
        this.#kv.list({ prefix: [USER_SESSIONS_PREFIX, userId] }),
      ));
    const out: IndexedSession[] = [];
    for (const item of entries) {
      const ref = item.key[2];
      const entry = parseIndexEntry(item.value);
      if (typeof ref !== "string") continue;
      if (!entry) {
        // The ref is public (the sessions page shows it), so it is logged.
        this.#reportCorrupt(
          "corrupt user session index entry",
          [USER_SESSIONS_PREFIX, userId, ref],
          item.versionstamp,
        );
        // Keep it listable with a missing session, so it gets cleaned.
        out.push({
          userId,
          ref,
          entry: { hash: "" as TokenHash, createdAt: 0, userAgent: "" },
          version: item.versionstamp,
          session: null,
        });
        continue;
      }
      out.push({
        userId,
        ref,
        entry,
        version: item.versionstamp,
        session: null,
      });
    }
    const withHash = out.filter((item) => item.entry.hash !== "");
    for (let i = 0; i < withHash.length; i += GET_MANY_LIMIT) {
      const batch = withHash.slice(i, i + GET_MANY_LIMIT);
      const records = await this.#retry("list", () =>
        this.#kv.getMany(
          batch.map((item) => [SESSIONS_PREFIX, item.entry.hash]),
        ));
      batch.forEach((item, j) => {
        item.session = this.#toStored(item.entry.hash, records[j]);
      });
    }
    return out;
  }

  #toStored(
    hash: TokenHash,
    entry: Deno.KvEntryMaybe<unknown>,
  ): StoredSession | null {
    if (entry.versionstamp === null) return null;
    const parsed = parseRecord(entry.value);
    if (!parsed) {
      // Django's decode() does the same: corrupt data is an empty session.
      // The key's hash part is itself hashed, so a log line never holds a
      // usable KV key.
      this.#reportCorrupt(
        "corrupt session record ignored",
        [SESSIONS_PREFIX, logKeyHash(hash)],
        entry.versionstamp,
      );
      return null;
    }
    return { hash, ...parsed, version: entry.versionstamp };
  }

  /** Logs a corrupt row once per key, version and process. */
  #reportCorrupt(message: string, key: string[], version: string): void {
    const seen = `${JSON.stringify(key)}@${version}`;
    if (this.#reportedCorrupt.has(seen)) return;
    if (this.#reportedCorrupt.size < MAX_REPORTED) {
      this.#reportedCorrupt.add(seen);
    }
    this.#logger.warn(message, { key });
  }

  async #retry<T>(what: string, operation: () => Promise<T>): Promise<T> {
    const started = Date.now();
    for (let attempt = 0;; attempt++) {
      try {
        return await operation();
      } catch (error) {
        if (isTooLargeError(error)) {
          throw new SessionTooLargeError(NaN, 65536);
        }
        if (!isKvLockedError(error)) throw error;
        if (
          attempt >= this.#lockedRetries ||
          Date.now() - started >= this.#lockedBudget
        ) {
          this.#logger.warn("session store stayed locked", {
            operation: what,
            attempts: attempt + 1,
          });
          throw new SessionUnavailableError(
            `Session store locked: ${what} failed after ${
              attempt + 1
            } attempts`,
            2,
            { cause: error },
          );
        }
        const cap = this.#lockedBackoff * 2 ** Math.min(attempt, 5);
        await sleep(Math.random() * cap + 1);
      }
    }
  }
}

/** The checks and mutations of one session commit. */
function planCommit(commit: SessionCommit): PlannedCommit {
  const checks: Deno.AtomicCheck[] = [];
  const mutations: Deno.KvMutation[] = [];
  for (const guard of commit.guards ?? []) {
    checks.push({ key: guard.key, versionstamp: guard.version });
  }
  if (commit.put) {
    const key = [SESSIONS_PREFIX, commit.put.hash];
    checks.push({ key, versionstamp: commit.put.expected });
    mutations.push({
      type: "set",
      key,
      value: commit.put.record,
      expireIn: Math.max(1, Math.ceil(commit.put.expireIn)),
    });
  }
  for (const { hash, expected } of commit.remove ?? []) {
    const key = [SESSIONS_PREFIX, hash];
    if (expected !== undefined) checks.push({ key, versionstamp: expected });
    mutations.push({ type: "delete", key });
  }
  for (const { userId, ref, expected } of commit.indexRemove ?? []) {
    const key = [USER_SESSIONS_PREFIX, userId, ref];
    if (expected !== undefined) checks.push({ key, versionstamp: expected });
    mutations.push({ type: "delete", key });
  }
  if (commit.indexPut) {
    const { userId, ref, entry, expireIn } = commit.indexPut;
    mutations.push({
      type: "set",
      key: [USER_SESSIONS_PREFIX, userId, ref],
      value: entry,
      expireIn: Math.max(1, Math.ceil(expireIn)),
    });
  }
  return { checks, mutations };
}

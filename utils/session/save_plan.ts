/**
 * What saving a session writes, worked out without touching the store: from
 * the request's session state, the stored record to merge onto and the
 * time, the one atomic commit and the record it writes. The manager runs
 * the plan, and on a lost compare-and-set plans again on a fresh read.
 * Pure: randomness (new tokens and refs) comes in as functions.
 *
 * @see https://docs.deno.com/deploy/kv/manual/transactions/
 * @module
 */
import { SessionData } from "./data.ts";
import type { ResolvedSessionOptions } from "./options.ts";
import { isRecordAlive, type SessionRecord, touchedRecord } from "./record.ts";
import type { SessionState } from "./session_state.ts";
import type { SessionCommit, StoredSession } from "./store.ts";
import type { SessionToken, TokenHash } from "./token.ts";

/** A session's cookie token and the hash it is stored under. */
export interface SessionIdentity {
  token: SessionToken;
  hash: TokenHash;
}

/** What a plan reads of the request's session state. */
export type SaveState = Readonly<
  Pick<
    SessionState,
    | "origin"
    | "data"
    | "log"
    | "flushed"
    | "cycle"
    | "userChanged"
    | "userId"
    | "loginGuard"
    | "expiry"
    | "ref"
    | "userAgent"
  >
>;

/** The options a plan reads. */
export type SavePlanOptions = Pick<
  ResolvedSessionOptions,
  "absoluteTimeout" | "idleTimeout" | "provisionalTimeout" | "persistent"
>;

/** Input of {@linkcode planSave}. */
export interface SavePlanInput {
  state: SaveState;
  /**
   * The stored session to merge onto: `state.origin` itself, or what the
   * store holds now for its hash; null when there is none. A dead one
   * counts as none.
   */
  base: StoredSession | null;
  /** Epoch ms. */
  now: number;
  options: SavePlanOptions;
  /** A new identity, called only when the session needs a new token. */
  newToken: () => SessionIdentity;
  /** A new public ref, called only when a vanished session's ref is dropped. */
  newRef: () => string;
}

/** What one save writes and what the session becomes once it succeeded. */
export interface SavePlan {
  /** The base merged onto: null when there was none or it had expired. */
  base: StoredSession | null;
  /** The atomic change; empty when there is nothing to write. */
  commit: SessionCommit;
  /** The record written (also built when nothing is written). */
  record: SessionRecord;
  /** The merged data: what the rest of the request sees. */
  data: SessionData;
  /** Where the record goes; null when the session ends (or never starts). */
  target: SessionIdentity | null;
}

/**
 * Plans the save of a modified session.
 *
 * @param input The state, the base record, the time and the sources of
 *   randomness.
 * @example
 * ```ts
 * const plan = planSave({ state, base: state.origin, now: Date.now(),
 *   options, newToken, newRef: generateRef });
 * if (plan.commit.put || plan.commit.remove) await store.commit(plan.commit);
 * ```
 */
export function planSave(input: SavePlanInput): SavePlan {
  const { state, now, options } = input;
  const origin = state.origin;
  const base = input.base && isRecordAlive(input.base.record, now, options)
    ? input.base
    : null;
  // If the session vanished (revoked, flushed or expired elsewhere), its
  // data and user go with it: only this request's changes survive.
  const alive = base !== null;
  const carried = alive && !state.flushed;
  let data: SessionData;
  if (state.flushed || base === origin) {
    // The in-memory data already is the log applied to the right base:
    // the loaded record, or nothing (new or flushed session). Reusing
    // it also avoids running update functions a second time.
    data = state.data;
  } else {
    data = carried ? SessionData.fromObject(base!.data) : new SessionData();
    data.apply(state.log);
  }
  const userId = state.userChanged
    ? state.userId
    : carried
    ? base!.record.userId
    : undefined;
  const loggingIn = state.userChanged && state.userId !== undefined;
  const keep = carried && !state.cycle && !state.userChanged;

  const record = buildRecord(input, carried ? base! : null, {
    data,
    userId,
    loggingIn,
  });
  // Nothing worth creating a session for. A kept session emptied by
  // delete()/clear() is still written (not destroyed), so that a
  // concurrent request adding a key to it is not lost; only flush()
  // and logout() destroy a session.
  const empty = (!keep && data.size === 0 && userId === undefined) ||
    record.expiresAt <= now;

  const commit: SessionCommit = {};
  if (loggingIn && state.loginGuard) commit.guards = [state.loginGuard];
  let target: SessionIdentity | null = null;
  if (alive && (!keep || empty)) {
    commit.remove = [{ hash: base.hash, expected: base.version }];
    const oldUser = base.record.userId;
    const reusedIndexKey = !empty && userId === oldUser &&
      record.ref === base.record.ref;
    if (oldUser !== undefined && !reusedIndexKey) {
      commit.indexRemove = [{ userId: oldUser, ref: base.record.ref }];
    }
  }
  if (!empty) {
    target = keep
      ? { token: origin!.token, hash: base!.hash }
      : input.newToken();
    commit.put = {
      hash: target.hash,
      record,
      expected: keep ? base!.version : null,
      expireIn: record.expiresAt - now,
    };
    if (userId !== undefined && !keep) {
      commit.indexPut = {
        userId,
        ref: record.ref,
        entry: {
          hash: target.hash,
          createdAt: record.createdAt,
          userAgent: record.userAgent,
        },
        expireIn: record.absoluteExpiresAt - now,
      };
    }
  }
  return { base, commit, record, data, target };
}

function buildRecord(
  input: SavePlanInput,
  base: StoredSession | null,
  init: {
    data: SessionData;
    userId: string | undefined;
    loggingIn: boolean;
  },
): SessionRecord {
  const { state, now, options } = input;
  // A login starts a new authenticated session with a fresh lifetime;
  // cycleId() alone keeps the original creation time and reference.
  const inherit = base !== null && !init.loggingIn ? base.record : null;
  const createdAt = inherit?.createdAt ?? now;
  const expiry = state.expiry;
  let absoluteExpiresAt = inherit?.absoluteExpiresAt ??
    createdAt + options.absoluteTimeout * 1000;
  if (expiry) {
    absoluteExpiresAt = Math.min(
      createdAt + options.absoluteTimeout * 1000,
      expiry.until ?? Infinity,
    );
  }
  const idleTimeout = expiry?.idleTimeout ?? inherit?.idleTimeout ??
    options.idleTimeout;
  // Started by a request that brought no live session: short-lived until
  // the browser shows it keeps the cookie (see isTouchDue).
  const provisional = state.origin === null;
  const lifetime = provisional
    ? Math.min(idleTimeout, options.provisionalTimeout)
    : idleTimeout;
  const record: SessionRecord = {
    v: 1,
    data: init.data.toJson(),
    createdAt,
    lastActiveAt: now,
    absoluteExpiresAt,
    expiresAt: Math.min(now + lifetime * 1000, absoluteExpiresAt),
    idleTimeout,
    persistent: expiry?.persistent ?? inherit?.persistent ??
      options.persistent,
    // A session that vanished under us must not hand its public ref on.
    ref: inherit?.ref ??
      (state.ref === state.origin?.record.ref ? input.newRef() : state.ref),
    userAgent: inherit?.userAgent ?? state.userAgent,
  };
  if (init.userId !== undefined) record.userId = init.userId;
  if (provisional) record.provisional = true;
  return record;
}

/** What a touch writes: the refreshed record, guarded by its version. */
export interface TouchPlan {
  commit: SessionCommit;
  record: SessionRecord;
}

/**
 * Plans the touch of an unchanged session whose idle timeout is due for a
 * refresh (see `isTouchDue`).
 *
 * @param origin The session as loaded.
 * @param now Epoch ms.
 */
export function planTouch(origin: StoredSession, now: number): TouchPlan {
  const record = touchedRecord(origin.record, now);
  return {
    record,
    commit: {
      put: {
        hash: origin.hash,
        record,
        expected: origin.version,
        expireIn: record.expiresAt - now,
      },
    },
  };
}

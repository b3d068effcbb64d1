/**
 * A signed-in user's sessions: list them ("signed in on Chrome on Linux,
 * last active 2 hours ago"), revoke one, revoke all, revoke all but the
 * current one, and revoke the others when the password changes.
 *
 * Sessions are found through the index `["user_sessions", userId, ref]`
 * that `Session.login()` writes. A `ref` is a random public reference, not
 * the token or its hash, so it can be put in a form to say "revoke this".
 *
 * Revocation deletes the session record and its index entry in one atomic
 * commit guarded by the index entry's version, so a session that rotated
 * its token meanwhile is found again instead of slipping through.
 *
 * @module
 */
import { isRecordAlive } from "./record.ts";
import type { ResolvedSessionOptions } from "./options.ts";
import { type Session, sessionState } from "./session.ts";
import type { IndexedSession, SessionCommit, SessionStore } from "./store.ts";

/** What the "your sessions" page shows about one session. */
export interface UserSessionInfo {
  /** Public reference, for `revokeUserSession`. */
  ref: string;
  createdAt: Date;
  lastActiveAt: Date;
  expiresAt: Date;
  /** Such as "Firefox on Windows". */
  userAgent: string;
  /** Kept past the browser's closing ("Keep me signed in"). */
  persistent: boolean;
  /** Whether this is the session of the request asking. */
  current: boolean;
}

/** Revocations per atomic commit: 2 mutations and 1 check each, well under KV's 1000. */
const BATCH = 100;
/** Re-list and retry at most this often when entries change under us. */
export const MAX_ROUNDS = 8;

/** What the functions of this module and parked_sessions.ts work with. */
export interface Context {
  store: SessionStore;
  options: Pick<ResolvedSessionOptions, "now" | "logger" | "absoluteTimeout">;
}

/** The store, options, user and ref of a signed-in session. */
export function contextOf(
  session: Session,
): Context & { userId: string; ref: string } {
  const state = sessionState(session);
  if (state.userId === undefined) {
    throw new Error(
      "This session has no signed-in user: call session.login(userId) first.",
    );
  }
  return {
    store: state.store,
    options: state.options,
    userId: state.userId,
    ref: state.ref,
  };
}

function isLive(item: IndexedSession, now: number, ctx: Context): boolean {
  const record = item.session?.record;
  return record !== undefined && record.userId === item.userId &&
    record.ref === item.ref && isRecordAlive(record, now, ctx.options);
}

/** Lists, removes dead index entries, and returns the live ones. */
export async function liveSessions(
  ctx: Context,
  userId: string,
): Promise<IndexedSession[]> {
  const now = ctx.options.now();
  const items = await ctx.store.listUser(userId);
  const live: IndexedSession[] = [];
  const dead: IndexedSession[] = [];
  for (const item of items) (isLive(item, now, ctx) ? live : dead).push(item);
  for (let i = 0; i < dead.length; i += BATCH) {
    const batch = dead.slice(i, i + BATCH);
    const commit: SessionCommit = {
      indexRemove: batch.map((item) => ({
        userId,
        ref: item.ref,
        expected: item.version,
      })),
      // An expired record still in KV goes too, unless it changed.
      remove: batch.flatMap((item) =>
        item.session && item.session.record.ref === item.ref
          ? [{ hash: item.session.hash, expected: item.session.version }]
          : []
      ),
    };
    // Cleaning is best-effort: a conflict means someone else is on it.
    await ctx.store.commit(commit).catch((error) =>
      ctx.options.logger.warn("user session index cleanup failed", {
        error: String(error),
      })
    );
  }
  return live;
}

/**
 * Deletes the listed sessions and their index entries. Each entry is
 * guarded by its index version; those that changed are listed again and
 * retried. Returns how many were revoked.
 */
async function revokeWhere(
  ctx: Context,
  userId: string,
  select: (item: IndexedSession) => boolean,
): Promise<number> {
  let revoked = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const targets = (await liveSessions(ctx, userId)).filter(select);
    if (targets.length === 0) return revoked;
    let conflicts = 0;
    for (let i = 0; i < targets.length; i += BATCH) {
      const batch = targets.slice(i, i + BATCH);
      const ok = await ctx.store.commit({
        indexRemove: batch.map((item) => ({
          userId,
          ref: item.ref,
          expected: item.version,
        })),
        remove: batch.map((item) => ({ hash: item.entry.hash })),
      });
      if (ok === null) {
        conflicts++;
        continue;
      }
      revoked += batch.length;
      for (const item of batch) {
        ctx.options.logger.info("session revoked", { userId, ref: item.ref });
      }
    }
    if (conflicts === 0) return revoked;
  }
  throw new Error(
    `Could not revoke the sessions of user ${
      JSON.stringify(userId)
    }: they kept changing.`,
  );
}

/**
 * Lists the signed-in user's active sessions, most recently active first,
 * and removes index entries of sessions that expired or were deleted.
 *
 * @param session The current request's session (must be signed in).
 * @example
 * ```ts
 * const sessions = await listUserSessions(ctx.state.session);
 * // [{ ref, userAgent: "Chrome on Linux", lastActiveAt, current: true }, …]
 * ```
 */
export async function listUserSessions(
  session: Session,
): Promise<UserSessionInfo[]> {
  const ctx = contextOf(session);
  const live = await liveSessions(ctx, ctx.userId);
  return live
    .map((item) => {
      const record = item.session!.record;
      return {
        ref: item.ref,
        createdAt: new Date(record.createdAt),
        lastActiveAt: new Date(record.lastActiveAt),
        expiresAt: new Date(record.expiresAt),
        userAgent: record.userAgent,
        persistent: record.persistent,
        current: item.ref === ctx.ref,
      };
    })
    .sort((a, b) => b.lastActiveAt.getTime() - a.lastActiveAt.getTime());
}

/**
 * Revokes one of the signed-in user's sessions by its public ref. Revoking
 * the current session logs it out at the end of the request. Returns
 * whether a session was revoked; refs of other users never match.
 *
 * @param session The current request's session (must be signed in).
 * @param ref A ref from {@linkcode listUserSessions}.
 * @example
 * ```ts
 * await revokeUserSession(ctx.state.session, form.get("ref"));
 * ```
 */
export async function revokeUserSession(
  session: Session,
  ref: string,
): Promise<boolean> {
  const ctx = contextOf(session);
  if (typeof ref !== "string" || ref === "") return false;
  if (ref === ctx.ref) {
    session.logout();
    return true;
  }
  return (await revokeWhere(ctx, ctx.userId, (item) => item.ref === ref)) > 0;
}

/**
 * "Sign out everywhere else": revokes every session of the signed-in user
 * except the current one. Returns how many were revoked.
 *
 * @param session The current request's session (must be signed in).
 */
export async function revokeOtherUserSessions(
  session: Session,
): Promise<number> {
  const ctx = contextOf(session);
  return await revokeWhere(ctx, ctx.userId, (item) => item.ref !== ctx.ref);
}

/**
 * To call after a password change (Django's `update_session_auth_hash`):
 * revokes all other sessions of the user, and gives the current one a new
 * token so that a stolen copy of the old cookie dies too. The current user
 * stays signed in. Returns how many other sessions were revoked.
 *
 * @param session The current request's session (must be signed in).
 * @example
 * ```ts
 * await setPassword(user, newPassword);
 * await revokeOtherSessionsOnPasswordChange(ctx.state.session);
 * ```
 */
export async function revokeOtherSessionsOnPasswordChange(
  session: Session,
): Promise<number> {
  const count = await revokeOtherUserSessions(session);
  session.cycleId();
  return count;
}

/**
 * Revokes every session of `userId` (for administrators, or when deleting
 * an account). A request currently using one of them ends up anonymous.
 * Returns how many were revoked.
 *
 * @param store The session store, e.g. `manager.store`.
 * @param userId The user.
 * @param options `now` and `logger`; defaults to the real clock and console.
 */
export function revokeAllUserSessions(
  store: SessionStore,
  userId: string,
  options: Partial<Context["options"]> = {},
): Promise<number> {
  const ctx: Context = {
    store,
    options: {
      now: options.now ?? Date.now,
      logger: options.logger ?? console,
      absoluteTimeout: options.absoluteTimeout ?? Infinity,
    },
  };
  return revokeWhere(ctx, userId, () => true);
}

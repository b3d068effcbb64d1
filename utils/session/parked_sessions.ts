/**
 * Revocation that can be undone: park one of a user's other sessions
 * (revoke it, keeping what is needed to put it back) and restore it, as the
 * "Undo" of "Signed out Chrome on Linux" does.
 *
 * @module
 */
import { SessionGuardError } from "./errors.ts";
import { isRecordAlive } from "./record.ts";
import type { Session } from "./session.ts";
import type { SessionGuard, SessionRecord, UserIndexEntry } from "./store.ts";
import type { TokenHash } from "./token.ts";
import { contextOf, liveSessions, MAX_ROUNDS } from "./user_sessions.ts";

/**
 * A session revoked by {@linkcode parkUserSession}, as JSON: what
 * {@linkcode restoreUserSession} puts back. It holds the session's token
 * hash, never its token; keep it server-side (in the revoking session).
 */
export type ParkedSession = {
  hash: string;
  record: SessionRecord;
  entry: UserIndexEntry;
};

/**
 * Revokes one of the signed-in user's other sessions, like
 * {@linkcode revokeUserSession}, and returns what an undo needs to restore
 * it, or null when no such session was live. The current session cannot be
 * parked: signing out here is no revocation to undo.
 *
 * @param session The current request's session (must be signed in).
 * @param ref A ref from {@linkcode listUserSessions}.
 */
export async function parkUserSession(
  session: Session,
  ref: string,
): Promise<ParkedSession | null> {
  const ctx = contextOf(session);
  if (typeof ref !== "string" || ref === "" || ref === ctx.ref) return null;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const item = (await liveSessions(ctx, ctx.userId)).find((i) =>
      i.ref === ref
    );
    if (!item?.session) return null;
    const ok = await ctx.store.commit({
      indexRemove: [{ userId: ctx.userId, ref, expected: item.version }],
      remove: [{ hash: item.session.hash, expected: item.session.version }],
    });
    if (ok === null) continue; // it changed under us: look again
    ctx.options.logger.info("session revoked", { userId: ctx.userId, ref });
    return {
      hash: item.session.hash,
      record: item.session.record,
      entry: item.entry,
    };
  }
  return null;
}

/**
 * Puts back a session that {@linkcode parkUserSession} revoked, for the
 * same signed-in user, if it has not expired meanwhile and every guard
 * holds (e.g. the user row is unchanged: no password change since).
 * Returns whether it was restored; a second restore of the same session
 * finds it there and restores nothing.
 *
 * @param session The current request's session (must be signed in).
 * @param parked What `parkUserSession` returned.
 * @param guards Records that must be unchanged since the revocation.
 */
export async function restoreUserSession(
  session: Session,
  parked: ParkedSession,
  guards: readonly SessionGuard[] = [],
): Promise<boolean> {
  const ctx = contextOf(session);
  const { record, entry } = parked;
  const now = ctx.options.now();
  if (
    record.userId !== ctx.userId || record.ref === ctx.ref ||
    !isRecordAlive(record, now, ctx.options)
  ) {
    return false;
  }
  const expireIn = record.expiresAt - now;
  try {
    const ok = await ctx.store.commit({
      guards,
      put: {
        hash: parked.hash as TokenHash,
        record,
        expected: null,
        expireIn,
      },
      indexPut: { userId: ctx.userId, ref: record.ref, entry, expireIn },
    });
    if (ok === null) return false;
  } catch (error) {
    if (error instanceof SessionGuardError) return false;
    throw error;
  }
  ctx.options.logger.info("session restored", {
    userId: ctx.userId,
    ref: record.ref,
  });
  return true;
}

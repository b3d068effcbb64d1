/**
 * Work that waits for a request's session to be saved and may change the
 * answer. An update function runs again on the fresher value when another
 * request saved first, so only after the commit does code know what its
 * update found; code that must answer differently then (a page that showed
 * a message another request consumed first) registers here, and whatever
 * saves the session runs it after a successful commit, before the
 * response leaves.
 *
 * @module
 */
import type { Session } from "./session.ts";

/** Gets the response as it stands; returns it, or the one to send instead. */
export type AfterCommit = (res: Response) => Response;

const waiting = new WeakMap<Session, AfterCommit[]>();

/**
 * Runs `fn` once `session` has been committed, in the order registered.
 * The `session()` middleware runs these; code that saves with
 * `commitSession` itself calls {@linkcode runAfterCommit} after it.
 *
 * @param session The request's session.
 * @param fn Called with the response after the commit.
 */
export function afterCommit(session: Session, fn: AfterCommit): void {
  const list = waiting.get(session);
  if (list) list.push(fn);
  else waiting.set(session, [fn]);
}

/**
 * Runs what {@linkcode afterCommit} registered for `session`, once each,
 * and returns the response to send.
 *
 * @param session A session whose commit succeeded.
 * @param res The response, its headers already updated by the commit.
 * @example
 * ```ts
 * await sessions.commitSession(session, res.headers);
 * return runAfterCommit(session, res);
 * ```
 */
export function runAfterCommit(session: Session, res: Response): Response {
  const list = waiting.get(session);
  if (list === undefined) return res;
  waiting.delete(session);
  for (const fn of list) res = fn(res);
  return res;
}

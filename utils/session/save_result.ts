/**
 * What a save that went through means for the rest of the request: the
 * session state takes on the record written (or ends with it), and its
 * change log and pending identity changes are cleared, so a second commit
 * in the same request writes nothing.
 *
 * @module
 */
import { SessionData } from "./data.ts";
import type { SavePlan } from "./save_plan.ts";
import type { SessionState } from "./session_state.ts";

/**
 * Updates `state` after `plan` was committed (or needed no write).
 *
 * @param state The request's session state.
 * @param plan The plan that was carried out.
 * @param version The version the commit returned; null when nothing was
 *   written.
 */
export function adoptSave(
  state: SessionState,
  plan: SavePlan,
  version: string | null,
): void {
  const { target, record, data } = plan;
  if (target && version !== null) {
    state.origin = {
      hash: target.hash,
      token: target.token,
      record,
      data: JSON.parse(record.data),
      version,
    };
  } else {
    state.origin = null;
  }
  // The merged data becomes what the rest of this request sees; it is a
  // separate copy so that mutating it cannot alter the queue's copy of
  // the committed session.
  state.data = data === state.data
    ? data
    : SessionData.fromObject(JSON.parse(record.data));
  state.log = [];
  state.flushed = false;
  state.cycle = false;
  state.userChanged = false;
  state.loginGuard = null;
  state.expiry = null;
  state.modified = false;
  state.userId = target ? record.userId : undefined;
  state.ref = target ? record.ref : state.ref;
  state.cookiePresent = target !== null;
}

/**
 * The signed-in user's active sessions as a table, one revoke form per
 * row. The device summary comes from the session layer, built from fixed
 * words only; it is rendered as JSX text anyway.
 *
 * @module
 */
import type { UserSessionInfo } from "../utils/session/mod.ts";
import { CellLabel } from "./CellLabel.tsx";

/** Props of {@linkcode SessionList}. */
export interface SessionListProps {
  sessions: UserSessionInfo[];
}

/** `2026-05-01 14:03 UTC`: unambiguous, and the same for every visitor. */
function formatTime(date: Date): string {
  return date.toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

function Time({ date }: { date: Date }) {
  return <time dateTime={date.toISOString()}>{formatTime(date)}</time>;
}

/** The sessions table. */
export function SessionList({ sessions }: SessionListProps) {
  return (
    <table class="table labelled-table" data-testid="sessions">
      <thead>
        <tr>
          <th scope="col">Device</th>
          <th scope="col">Signed in</th>
          <th scope="col">Last active</th>
          <th scope="col">
            <span class="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {sessions.map((s) => (
          <tr key={s.ref} data-ref={s.ref}>
            <td>
              {s.userAgent}{" "}
              <span class="muted" data-testid="session-kind">
                {s.persistent ? "Kept signed in" : "Until the browser closes"}
              </span>
              {s.current && (
                <>
                  {" "}
                  <strong data-testid="this-device">(This device)</strong>
                </>
              )}
            </td>
            <td>
              <CellLabel>Signed in</CellLabel>
              <Time date={s.createdAt} />
            </td>
            <td>
              <CellLabel>Last active</CellLabel>
              <Time date={s.lastActiveAt} />
            </td>
            <td>
              <form method="post" action="/account/sessions/revoke">
                <input type="hidden" name="ref" value={s.ref} />
                <button type="submit" class="button small danger">
                  {s.current ? "Sign out" : "Revoke"}
                  <span class="visually-hidden">
                    {` ${s.userAgent} session`}
                  </span>
                </button>
              </form>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import type { Handlers, PageProps, RouteConfig } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { SessionList } from "../../../components/SessionList.tsx";
import { requireUser } from "../../../utils/accounts/guard.ts";
import {
  listUserSessions,
  type UserSessionInfo,
} from "../../../utils/session/mod.ts";
import type { State } from "../../../utils/state.ts";

export const config: RouteConfig = { csp: true };

interface SessionsData {
  sessions: UserSessionInfo[];
}

/** The signed-in user's active sessions, each with a way to end it. */
export const handler: Handlers<SessionsData, State> = {
  async GET(_req, ctx) {
    const state = requireUser(ctx);
    if (state instanceof Response) return state;
    return ctx.render({ sessions: await listUserSessions(state.session) });
  },
};

export default function SessionsPage(
  { data }: PageProps<SessionsData, State>,
) {
  const others = data.sessions.filter((s) => !s.current).length;
  return (
    <>
      <Head>
        <title>Your sessions · Deno Shop</title>
      </Head>
      <section class="card">
        <div class="page-head">
          <h1>Where you are signed in</h1>
          <span>
            <a class="button secondary small" href="/account/orders">
              Your orders
            </a>{" "}
            <a class="button secondary small" href="/account/password">
              Change password
            </a>
          </span>
        </div>
        <p class="muted">
          Each row is a browser or device signed in to your account. If you do
          not recognise one, revoke it and change your password.
        </p>
        {data.sessions.length === 0
          ? <p class="empty">No active sessions.</p>
          : <SessionList sessions={data.sessions} />}
        <div class="actions">
          <form method="post" action="/account/sessions/revoke-others">
            <button
              type="submit"
              class="button danger"
              disabled={others === 0}
            >
              Sign out everywhere else
            </button>
          </form>
          <a class="button secondary" href="/account/delete">
            Delete account
          </a>
        </div>
      </section>
    </>
  );
}

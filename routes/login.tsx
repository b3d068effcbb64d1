import type { Handlers, PageProps, RouteConfig } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { LoginForm } from "../components/AccountForms.tsx";
import {
  checkPassword,
  ensureAccountsSeeded,
  KEEP_SIGNED_IN_NOTE,
  rememberDevice,
  signInUser,
} from "../utils/accounts/services.ts";
import { SIGN_IN_FIRST } from "../utils/accounts/guard.ts";
import { waitInMinutes } from "../utils/accounts/wait_text.ts";
import { DEMO_PASSWORD, DEMO_USERNAME } from "../utils/accounts/users.ts";
import { field, rawField, readForm } from "../utils/http/forms.ts";
import { safeNext, seeOther } from "../utils/http/redirect.ts";
import * as messages from "../utils/messages/mod.ts";
import { isSignedIn, type State } from "../utils/state.ts";

export const config: RouteConfig = { csp: true };

/** The one failure message: it never says which of the two was wrong. */
export const LOGIN_FAILED = "Wrong username or password.";

interface LoginData {
  username: string;
  next: string;
  /** The last attempt failed: the form focuses the password. */
  failed?: boolean;
  /** "Keep me signed in" as sent, to show again on a failed attempt. */
  remember?: boolean;
}

/**
 * Sign in. Failures re-render the form (422) with one message for every
 * cause; too many failures for the username or the client address answer
 * 429 with `Retry-After`, before any password is checked. A browser that
 * signed in to the account before (its device cookie, set here on every
 * success) has a failure limit of its own instead.
 */
export const handler: Handlers<LoginData, State> = {
  GET(_req, ctx) {
    const next = safeNext(ctx.url.searchParams.get("next"), "");
    // Sent here by a guard (requireUser), which stores nothing.
    if (next && !isSignedIn(ctx.state)) {
      messages.info(ctx, SIGN_IN_FIRST, { now: true });
    }
    return ctx.render({ username: "", next });
  },

  async POST(req, ctx) {
    const form = await readForm(req);
    const username = field(form, "username");
    const next = safeNext(field(form, "next"), "");
    const remember = field(form, "remember") === "on";
    await ensureAccountsSeeded();
    const result = await checkPassword(
      req,
      ctx,
      username,
      rawField(form, "password"),
    );
    if (!result.ok) {
      if (result.reason === "throttled") {
        messages.error(
          ctx,
          `Too many failed sign-in attempts. Please wait ${
            waitInMinutes(result.retryAfter)
          } and try again.`,
          { now: true },
        );
        return ctx.render({ username, next, remember }, {
          status: 429,
          headers: { "retry-after": String(result.retryAfter) },
        });
      }
      messages.error(ctx, LOGIN_FAILED, { now: true });
      return ctx.render({ username, next, failed: true, remember }, {
        status: 422,
      });
    }
    await signInUser(ctx.state.session, result.entry, {
      keepSignedIn: remember,
    });
    messages.success(ctx, `Welcome back, ${result.user.username}!`);
    const res = seeOther(next || "/");
    // From now on this browser is the owner's: others' wrong passwords
    // do not lock it out (utils/accounts/throttle.ts).
    await rememberDevice(req, res.headers, result.user.id);
    return res;
  },
};

export default function LoginPage({ data }: PageProps<LoginData, State>) {
  return (
    <>
      <Head>
        <title>Sign in · Deno Shop</title>
      </Head>
      <section class="card">
        <div class="page-head">
          <h1>Sign in</h1>
        </div>
        <LoginForm
          username={data.username}
          next={data.next}
          failed={data.failed}
          remember={data.remember}
          keepNote={KEEP_SIGNED_IN_NOTE}
        />
        <p class="muted">
          Just looking around? Use the demo account{" "}
          <strong>{DEMO_USERNAME}</strong> with the password{" "}
          <strong>{DEMO_PASSWORD}</strong>.
        </p>
      </section>
    </>
  );
}

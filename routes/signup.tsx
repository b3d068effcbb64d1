import type { Handlers, PageProps, RouteConfig } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { SignupForm } from "../components/AccountForms.tsx";
import {
  ensureAccountsSeeded,
  KEEP_SIGNED_IN_NOTE,
  rememberDevice,
  requestAddress,
  signUpVisitor,
} from "../utils/accounts/services.ts";
import type { FieldErrors, SignupField } from "../utils/accounts/validation.ts";
import { waitInMinutes } from "../utils/accounts/wait_text.ts";
import { field, rawField, readForm } from "../utils/http/forms.ts";
import { seeOther } from "../utils/http/redirect.ts";
import * as messages from "../utils/messages/mod.ts";
import type { State } from "../utils/state.ts";

export const config: RouteConfig = { csp: true };

interface SignupData {
  username: string;
  errors: FieldErrors<SignupField>;
  /** "Keep me signed in" as sent, to show again on a failed attempt. */
  remember?: boolean;
}

/**
 * Create an account, then sign in with it. Invalid input and taken names
 * re-render the form (422) with the username kept, never the password;
 * too many sign-ups, or too many usernames checked, from one address
 * re-render it with 429 and `Retry-After`, before any hashing (and, for
 * the name checks, before the name is looked up).
 */
export const handler: Handlers<SignupData, State> = {
  GET(_req, ctx) {
    return ctx.render({ username: "", errors: {} });
  },

  async POST(req, ctx) {
    const form = await readForm(req);
    const address = requestAddress(req, ctx);
    const remember = field(form, "remember") === "on";
    await ensureAccountsSeeded();
    const outcome = await signUpVisitor(ctx.state.session, {
      username: field(form, "username"),
      password: rawField(form, "password"),
      address,
      keepSignedIn: remember,
    });
    if (!outcome.ok) {
      const { username } = outcome;
      switch (outcome.reason) {
        case "name-checks-limited":
          messages.error(
            ctx,
            `Too many sign-up attempts from your network. Please wait ${
              waitInMinutes(outcome.retryAfter)
            } and try again.`,
            { now: true },
          );
          return ctx.render({ username, errors: {}, remember }, {
            status: 429,
            headers: { "retry-after": String(outcome.retryAfter) },
          });
        case "signups-limited":
          messages.error(
            ctx,
            `Too many accounts were created from your network recently. Please wait ${
              waitInMinutes(outcome.retryAfter)
            } and try again.`,
            { now: true },
          );
          return ctx.render({ username, errors: outcome.errors, remember }, {
            status: 429,
            headers: { "retry-after": String(outcome.retryAfter) },
          });
        case "invalid":
          messages.error(ctx, "Please correct the errors below.", {
            now: true,
          });
          return ctx.render({ username, errors: outcome.errors, remember }, {
            status: 422,
          });
      }
    }
    const { user } = outcome;
    messages.success(
      ctx,
      `Welcome, ${user.username}! Your account is ready and you are signed in.`,
    );
    const res = seeOther("/");
    // This browser is the owner's (see routes/login.tsx).
    await rememberDevice(req, res.headers, user.id);
    return res;
  },
};

export default function SignupPage({ data }: PageProps<SignupData, State>) {
  return (
    <>
      <Head>
        <title>Create an account · Deno Shop</title>
      </Head>
      <section class="card">
        <div class="page-head">
          <h1>Create an account</h1>
        </div>
        <SignupForm
          username={data.username}
          errors={data.errors}
          remember={data.remember}
          keepNote={KEEP_SIGNED_IN_NOTE}
        />
      </section>
    </>
  );
}

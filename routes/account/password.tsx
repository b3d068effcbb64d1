import type { Handlers, PageProps, RouteConfig } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { PasswordForm } from "../../components/AccountForms.tsx";
import { requireUser } from "../../utils/accounts/guard.ts";
import {
  changePassword,
  checkPassword,
  findUser,
  signOutUser,
} from "../../utils/accounts/services.ts";
import {
  type FieldErrors,
  newPasswordError,
} from "../../utils/accounts/validation.ts";
import { rawField, readForm } from "../../utils/http/forms.ts";
import { seeOther } from "../../utils/http/redirect.ts";
import * as messages from "../../utils/messages/mod.ts";
import { revokeOtherSessionsOnPasswordChange } from "../../utils/session/mod.ts";
import type { State } from "../../utils/state.ts";

export const config: RouteConfig = { csp: true };

interface PasswordData {
  errors: FieldErrors<"current_password" | "new_password">;
}

/**
 * Change password. The current password is checked like a login (same
 * guessing limits); on success the other sessions are signed out and this
 * one gets a new token.
 */
export const handler: Handlers<PasswordData, State> = {
  GET(_req, ctx) {
    const state = requireUser(ctx);
    if (state instanceof Response) return state;
    return ctx.render({ errors: {} });
  },

  async POST(req, ctx) {
    const form = await readForm(req);
    const state = requireUser(ctx, "/account/password");
    if (state instanceof Response) return state;
    const user = await findUser(state.session.userId);
    if (!user) {
      // The account is gone: this session should not outlive it.
      await signOutUser(state.session);
      messages.error(ctx, "Your account no longer exists.");
      return seeOther("/");
    }
    const current = rawField(form, "current_password");
    const next = rawField(form, "new_password");
    const newError = newPasswordError(next);
    if (newError) {
      messages.error(ctx, "Please correct the errors below.", { now: true });
      return ctx.render({ errors: { new_password: newError } }, {
        status: 422,
      });
    }
    const result = await checkPassword(req, ctx, user.username, current);
    if (!result.ok) {
      const throttled = result.reason === "throttled";
      messages.error(
        ctx,
        throttled
          ? "Too many wrong passwords. Please wait a while and try again."
          : "Your current password is not correct.",
        { now: true },
      );
      return ctx.render(
        {
          errors: throttled
            ? {}
            : { current_password: "This is not your current password." },
        },
        throttled
          ? {
            status: 429,
            headers: { "retry-after": String(result.retryAfter) },
          }
          : { status: 422 },
      );
    }
    await changePassword(user.id, next);
    const count = await revokeOtherSessionsOnPasswordChange(state.session);
    messages.success(
      ctx,
      count === 0
        ? "Your password has been changed."
        : `Your password has been changed, and ${count} other ${
          count === 1 ? "session was" : "sessions were"
        } signed out.`,
    );
    return seeOther("/account/sessions");
  },
};

export default function PasswordPage({ data }: PageProps<PasswordData, State>) {
  return (
    <>
      <Head>
        <title>Change password · Deno Shop</title>
      </Head>
      <section class="card">
        <div class="page-head">
          <h1>Change password</h1>
        </div>
        <PasswordForm errors={data.errors} />
        <p class="muted">
          Leaving? <a href="/account/delete">Delete your account</a>.
        </p>
      </section>
    </>
  );
}

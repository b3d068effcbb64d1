import type { Handlers, PageProps, RouteConfig } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { DeleteAccountForm } from "../../components/AccountForms.tsx";
import { requireUser } from "../../utils/accounts/guard.ts";
import {
  checkPassword,
  deleteUserAccount,
  findUser,
} from "../../utils/accounts/services.ts";
import type { FieldErrors } from "../../utils/accounts/validation.ts";
import { rawField, readForm } from "../../utils/http/forms.ts";
import { seeOther } from "../../utils/http/redirect.ts";
import * as messages from "../../utils/messages/mod.ts";
import { revokeOtherUserSessions } from "../../utils/session/mod.ts";
import type { State } from "../../utils/state.ts";

export const config: RouteConfig = { csp: true };

interface DeleteData {
  errors: FieldErrors<"password">;
}

/**
 * Delete the account. The password is checked like a login (same guessing
 * limits); cross-site posts are refused by the app's CSRF middleware. On
 * success the user's data goes (see `utils/accounts/delete_account.ts`),
 * every session of the user is revoked, and this one ends.
 */
export const handler: Handlers<DeleteData, State> = {
  GET(_req, ctx) {
    const state = requireUser(ctx);
    if (state instanceof Response) return state;
    return ctx.render({ errors: {} });
  },

  async POST(req, ctx) {
    const form = await readForm(req);
    const state = requireUser(ctx, "/account/delete");
    if (state instanceof Response) return state;
    const password = rawField(form, "password");
    const user = await findUser(state.session.userId);
    if (!user || password === "") {
      messages.error(ctx, "Please enter your password to confirm.", {
        now: true,
      });
      return ctx.render({
        errors: { password: "Enter your password to confirm." },
      }, { status: 422 });
    }
    const result = await checkPassword(req, ctx, user.username, password);
    if (!result.ok) {
      const throttled = result.reason === "throttled";
      messages.error(
        ctx,
        throttled
          ? "Too many wrong passwords. Please wait a while and try again."
          : "That password is not correct. Your account was not deleted.",
        { now: true },
      );
      return ctx.render(
        { errors: throttled ? {} : { password: "This is not your password." } },
        throttled
          ? {
            status: 429,
            headers: { "retry-after": String(result.retryAfter) },
          }
          : { status: 422 },
      );
    }
    if (!await deleteUserAccount(result.entry)) {
      messages.error(
        ctx,
        "Your account changed while we were deleting it, so nothing was deleted. Please try again.",
        { now: true },
      );
      return ctx.render({ errors: {} }, { status: 409 });
    }
    await revokeOtherUserSessions(state.session);
    state.session.logout();
    messages.success(ctx, "Your account has been deleted.");
    return seeOther("/");
  },
};

export default function DeletePage({ data }: PageProps<DeleteData, State>) {
  return (
    <>
      <Head>
        <title>Delete your account · Deno Shop</title>
      </Head>
      <section class="card">
        <div class="page-head">
          <h1>Delete your account</h1>
        </div>
        <p>
          This deletes your account, your saved cart and your posts, and signs
          you out on every device. Your username becomes free for anyone to
          take. It cannot be undone.
        </p>
        <DeleteAccountForm errors={data.errors} />
      </section>
    </>
  );
}

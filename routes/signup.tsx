import type { Handlers, PageProps, RouteConfig } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { SignupForm } from "../components/AccountForms.tsx";
import {
  ensureAccountsSeeded,
  nameCheckLimit,
  rememberDevice,
  requestAddress,
  signupLimit,
} from "../utils/accounts/services.ts";
import { signIn } from "../utils/accounts/sign_in.ts";
import { waitInMinutes } from "../utils/accounts/wait_text.ts";
import {
  createUser,
  findUserByName,
  normalizeUsername,
} from "../utils/accounts/users.ts";
import {
  type FieldErrors,
  isValid,
  type SignupField,
  validateSignup,
} from "../utils/accounts/validation.ts";
import { kv } from "../utils/kv/db.ts";
import { field, rawField, readForm } from "../utils/http/forms.ts";
import { seeOther } from "../utils/http/redirect.ts";
import * as messages from "../utils/messages/mod.ts";
import type { State } from "../utils/state.ts";

export const config: RouteConfig = { csp: true };

interface SignupData {
  username: string;
  errors: FieldErrors<SignupField>;
}

const TAKEN = "That username is taken. Please choose another.";

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
    const username = normalizeUsername(field(form, "username"));
    const password = rawField(form, "password");
    const errors = validateSignup(username, password);
    const address = requestAddress(req, ctx);
    await ensureAccountsSeeded();
    // Every answer about a possible name tells whether it exists: a slot
    // per client address first, so that nobody can list the accounts.
    const check = errors.username ? null : await nameCheckLimit.begin(address);
    if (check && !check.allowed) {
      messages.error(
        ctx,
        `Too many sign-up attempts from your network. Please wait ${
          waitInMinutes(check.retryAfter)
        } and try again.`,
        { now: true },
      );
      return ctx.render({ username, errors: {} }, {
        status: 429,
        headers: { "retry-after": String(check.retryAfter) },
      });
    }
    // Checked first so that a taken name costs no hashing; createUser's
    // atomic check still decides a race.
    if (!errors.username && await findUserByName(kv, username)) {
      errors.username = TAKEN;
    }
    if (isValid(errors)) {
      // A slot per client address before the costly hashing (and the new
      // account): too many sign-ups from one address answer 429.
      const decision = await signupLimit.begin(address);
      if (!decision.allowed) {
        messages.error(
          ctx,
          `Too many accounts were created from your network recently. Please wait ${
            waitInMinutes(decision.retryAfter)
          } and try again.`,
          { now: true },
        );
        return ctx.render({ username, errors }, {
          status: 429,
          headers: { "retry-after": String(decision.retryAfter) },
        });
      }
    }
    const created = isValid(errors)
      ? await createUser(kv, username, password)
      : undefined;
    if (created === null) errors.username = TAKEN;
    if (!created) {
      messages.error(ctx, "Please correct the errors below.", { now: true });
      return ctx.render({ username, errors }, { status: 422 });
    }
    const { user } = created;
    if (check?.allowed) await nameCheckLimit.succeeded(check.slot);
    await signIn(kv, ctx.state.session, created);
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
        <SignupForm username={data.username} errors={data.errors} />
      </section>
    </>
  );
}

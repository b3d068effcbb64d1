/**
 * The account forms: sign in, sign up, change password, delete the
 * account. Plain HTML forms that work without JavaScript; the values are
 * JSX text and attributes, so Preact escapes them.
 *
 * @module
 */
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
} from "../utils/accounts/password.ts";
import type { FieldErrors } from "../utils/accounts/validation.ts";
import { Field, firstInvalid } from "./Field.tsx";

/** Props of {@linkcode LoginForm}. */
export interface LoginFormProps {
  /** The username to show again after a failed attempt. */
  username: string;
  /** A same-site path to return to, already checked with `safeNext`. */
  next: string;
  /** After a failed attempt: focus the password, to type it again. */
  failed?: boolean;
  /** "Keep me signed in" as the failed attempt sent it. @default false */
  remember?: boolean;
  /** The note beside the box (`keepSignedInNote`). */
  keepNote: string;
}

/** The sign-in form. */
export function LoginForm(props: LoginFormProps) {
  return (
    <form class="form" method="post" action="/login">
      {props.next && <input type="hidden" name="next" value={props.next} />}
      <Field
        name="username"
        label="Username"
        value={props.username}
        autocomplete="username"
        maxLength={64}
        required
      />
      <Field
        name="password"
        label="Password"
        type="password"
        autocomplete="current-password"
        autofocus={props.failed}
        required
      />
      <KeepSignedIn checked={props.remember} note={props.keepNote} />
      <div class="actions">
        <button type="submit" class="button">Sign in</button>
        <a href="/signup">Create an account</a>
      </div>
    </form>
  );
}

/**
 * The "Keep me signed in" box of the sign-in and sign-up forms, unchecked
 * at first: on a shared computer, the account is then forgotten with the
 * browser. A form that failed comes back with the visitor's choice.
 */
function KeepSignedIn(
  { checked = false, note }: { checked?: boolean; note: string },
) {
  return (
    <label class="check">
      <input type="checkbox" name="remember" value="on" checked={checked} />
      {" "}
      <span>
        Keep me signed in <span class="muted">{note}</span>
      </span>
    </label>
  );
}

/** Props of {@linkcode SignupForm}. */
export interface SignupFormProps {
  username: string;
  errors: FieldErrors<"username" | "password">;
  /** "Keep me signed in" as the failed attempt sent it. @default false */
  remember?: boolean;
  /** The note beside the box (`keepSignedInNote`). */
  keepNote: string;
}

/** The sign-up form. The password is never sent back. */
export function SignupForm(props: SignupFormProps) {
  const focus = firstInvalid(["username", "password"], props.errors);
  return (
    <form class="form" method="post" action="/signup" novalidate>
      <Field
        name="username"
        label="Username"
        value={props.username}
        error={props.errors.username}
        hint="3 to 32 characters: lowercase letters, digits and underscores."
        autocomplete="username"
        autofocus={focus === "username"}
        maxLength={32}
        required
      />
      <Field
        name="password"
        label="Password"
        type="password"
        error={props.errors.password}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters. A few words make a good one.`}
        autocomplete="new-password"
        autofocus={focus === "password"}
        maxLength={MAX_PASSWORD_LENGTH}
        required
      />
      <KeepSignedIn checked={props.remember} note={props.keepNote} />
      <div class="actions">
        <button type="submit" class="button">Create account</button>
        <a href="/login">I already have an account</a>
      </div>
    </form>
  );
}

/** Props of {@linkcode PasswordForm}. */
export interface PasswordFormProps {
  errors: FieldErrors<"current_password" | "new_password">;
}

/** The change-password form. Neither password is ever sent back. */
export function PasswordForm(props: PasswordFormProps) {
  const focus = firstInvalid(
    ["current_password", "new_password"],
    props.errors,
  );
  return (
    <form class="form" method="post" action="/account/password" novalidate>
      <Field
        name="current_password"
        label="Current password"
        type="password"
        error={props.errors.current_password}
        autocomplete="current-password"
        autofocus={focus === "current_password"}
        required
      />
      <Field
        name="new_password"
        label="New password"
        type="password"
        error={props.errors.new_password}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters. Your other devices will be signed out.`}
        autocomplete="new-password"
        autofocus={focus === "new_password"}
        maxLength={MAX_PASSWORD_LENGTH}
        required
      />
      <div class="actions">
        <button type="submit" class="button">Change password</button>
        <a class="button secondary" href="/account/sessions">Cancel</a>
      </div>
    </form>
  );
}

/** Props of {@linkcode DeleteAccountForm}. */
export interface DeleteAccountFormProps {
  errors: FieldErrors<"password">;
}

/** The delete-account form: the password confirms it. */
export function DeleteAccountForm(props: DeleteAccountFormProps) {
  return (
    <form class="form" method="post" action="/account/delete" novalidate>
      <Field
        name="password"
        label="Your password"
        type="password"
        error={props.errors.password}
        hint="To confirm that it is you. This cannot be undone."
        autocomplete="current-password"
        required
      />
      <div class="actions">
        <button type="submit" class="button danger">
          Delete my account
        </button>
        <a class="button secondary" href="/account/sessions">Cancel</a>
      </div>
    </form>
  );
}

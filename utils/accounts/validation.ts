/**
 * Checks of the account forms: pure functions from form values to field
 * errors, shared by the sign-up and password-change handlers.
 *
 * @module
 */
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password.ts";
import { isValidUsername } from "./users.ts";

/** Field name → what is wrong with it. Empty when the form is fine. */
export type FieldErrors<Name extends string> = Partial<Record<Name, string>>;

/** Whether `errors` has no entry. */
export function isValid<Name extends string>(
  errors: FieldErrors<Name>,
): boolean {
  return Object.keys(errors).length === 0;
}

/**
 * What is wrong with a username, or undefined.
 *
 * @param username Already normalized (`normalizeUsername`).
 */
export function usernameError(username: string): string | undefined {
  if (username === "") return "Please choose a username.";
  if (username.length < 3) return "Usernames have at least 3 characters.";
  if (username.length > 32) return "Usernames have at most 32 characters.";
  if (!isValidUsername(username)) {
    return "Use only lowercase letters, digits and underscores.";
  }
  return undefined;
}

/**
 * What is wrong with a new password, or undefined. Only the length is
 * checked; anything longer than 10 characters is a fair passphrase.
 *
 * @param password As typed, untrimmed.
 */
export function newPasswordError(password: string): string | undefined {
  if (password === "") return "Please choose a password.";
  // Counted in code points, so that emoji count as one character each.
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    return `Passwords have at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  if (length > MAX_PASSWORD_LENGTH) {
    return `Passwords have at most ${MAX_PASSWORD_LENGTH} characters.`;
  }
  return undefined;
}

/** The sign-up form's fields. */
export type SignupField = "username" | "password";

/**
 * Checks a sign-up.
 *
 * @param username Normalized username.
 * @param password As typed.
 * @example
 * ```ts
 * validateSignup("ab", "short"); // { username: "…", password: "…" }
 * ```
 */
export function validateSignup(
  username: string,
  password: string,
): FieldErrors<SignupField> {
  const errors: FieldErrors<SignupField> = {};
  const u = usernameError(username);
  if (u) errors.username = u;
  const p = newPasswordError(password);
  if (p) errors.password = p;
  return errors;
}

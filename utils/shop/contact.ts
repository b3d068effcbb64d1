/**
 * The checkout's contact step: the email address the order confirmation
 * goes to. Pure.
 *
 * @module
 */
import type { FieldErrors } from "./field_errors.ts";

/** Longest address SMTP allows (RFC 5321 §4.5.3.1.3: 256 with the brackets). */
export const EMAIL_MAX_LENGTH = 254;

// One @, no spaces or angle brackets, and a dot in the domain: the shape a
// mail server can deliver to, without pretending to parse RFC 5322.
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:".]+$/;

/**
 * Checks an email address typed into the contact step.
 *
 * @param input The field as posted.
 * @returns The trimmed address, and a field error under `email` if any.
 */
export function validateEmail(
  input: string,
): { email: string; errors: FieldErrors } {
  const email = input.trim();
  if (email === "") return { email, errors: { email: "Email is required." } };
  if (email.length > EMAIL_MAX_LENGTH) {
    return {
      email,
      errors: {
        email: `Email must be at most ${EMAIL_MAX_LENGTH} characters.`,
      },
    };
  }
  if (!EMAIL.test(email)) {
    return {
      email,
      errors: { email: "Enter an email address such as ada@example.com." },
    };
  }
  return { email, errors: {} };
}

/** Whether a stored value is an email address the form would accept. */
export function isEmail(value: unknown): value is string {
  return typeof value === "string" && value === value.trim() &&
    Object.keys(validateEmail(value).errors).length === 0;
}

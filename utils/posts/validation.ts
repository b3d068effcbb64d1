/**
 * Validation of a post's title and body: pure code, strings in and field
 * errors out, shared by the create and edit handlers.
 *
 * Lengths are counted in Unicode code points, so an emoji is one character
 * as the person typing it sees it.
 *
 * @module
 */

/** Longest title accepted, in characters, after trimming. */
export const TITLE_MAX_LENGTH = 120;
/** Longest body accepted, in characters, after normalizing line endings. */
export const BODY_MAX_LENGTH = 10_000;

/** The fields of the post form. */
export type PostField = "title" | "body";

/** What a person typed, normalized; what the store saves. */
export interface PostInput {
  title: string;
  body: string;
}

/** One message per invalid field. */
export type PostFieldErrors = Partial<Record<PostField, string>>;

/** The outcome of {@linkcode validatePost}. */
export type PostValidation =
  | { ok: true; value: PostInput }
  | { ok: false; value: PostInput; errors: PostFieldErrors };

// C0 and C1 controls other than tab and line feed: invisible, and some
// terminals and log viewers act on them.
// deno-lint-ignore no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Normalizes a title: whitespace runs (newlines included, since a title is
 * one line) become one space, control characters go, and the ends are
 * trimmed.
 *
 * @param raw The submitted text.
 * @example
 * ```ts
 * normalizeTitle("  Hello\n\tworld "); // "Hello world"
 * ```
 */
export function normalizeTitle(raw: string): string {
  return raw.replace(/\s+/g, " ").replace(CONTROL_CHARS, "").trim();
}

/**
 * Normalizes a body: CRLF and CR become LF (browsers submit a textarea's
 * line breaks as CRLF, which would otherwise count twice), control
 * characters other than tab go, leading blank lines and trailing whitespace
 * are dropped. Indentation of the first line is kept.
 *
 * @param raw The submitted text.
 */
export function normalizeBody(raw: string): string {
  return raw.replace(/\r\n?/g, "\n").replace(CONTROL_CHARS, "").replace(
    /^(?:[ \t]*\n)+/,
    "",
  ).trimEnd();
}

/** Length in code points, as a person counts characters. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * Validates a submitted post. Missing fields count as empty: a title is
 * required, a body is optional.
 *
 * @param raw The submitted values, unnormalized; anything not a string
 *   counts as missing.
 * @returns The normalized values, and field errors when any.
 * @example
 * ```ts
 * const result = validatePost({ title: " ", body: "" });
 * if (!result.ok) result.errors.title; // "Please enter a title."
 * ```
 */
export function validatePost(
  raw: { title?: unknown; body?: unknown },
): PostValidation {
  const value: PostInput = {
    title: normalizeTitle(typeof raw.title === "string" ? raw.title : ""),
    body: normalizeBody(typeof raw.body === "string" ? raw.body : ""),
  };
  const errors: PostFieldErrors = {};
  const titleLength = characterCount(value.title);
  if (titleLength === 0) {
    errors.title = "Please enter a title.";
  } else if (titleLength > TITLE_MAX_LENGTH) {
    errors.title =
      `The title can be at most ${TITLE_MAX_LENGTH} characters; it has ${titleLength}.`;
  }
  const bodyLength = characterCount(value.body);
  if (bodyLength > BODY_MAX_LENGTH) {
    errors.body = `The text can be at most ${
      BODY_MAX_LENGTH.toLocaleString("en")
    } characters; it has ${bodyLength.toLocaleString("en")}.`;
  }
  return Object.keys(errors).length === 0
    ? { ok: true, value }
    : { ok: false, value, errors };
}

/**
 * Throws a `RangeError` unless `input` is within the limits
 * {@linkcode validatePost} checks: the store calls it, so that input no
 * handler validated never reaches KV.
 */
export function assertWithinLimits(input: PostInput): void {
  const titleLength = characterCount(input.title);
  if (
    titleLength < 1 || titleLength > TITLE_MAX_LENGTH ||
    characterCount(input.body) > BODY_MAX_LENGTH
  ) {
    throw new RangeError(
      "PostStore: title or body out of limits; run validatePost first.",
    );
  }
}

/**
 * What a post is: its stored shape, its author, and its id.
 *
 * @module
 */

/** A post id that passed {@linkcode isPostId}; safe to use in a KV key. */
export type PostId = string & { readonly __brand: "PostId" };

/**
 * The id format: 9 base36 digits of epoch milliseconds (enough until the
 * year 5138), a dash, and 12 random base36 digits (about 62 bits).
 */
export const POST_ID_PATTERN = /^[0-9a-z]{9}-[0-9a-z]{12}$/;

const TIME_DIGITS = 9;
const RANDOM_DIGITS = 12;
const BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";

/** Who wrote a post, as recorded on it. */
export interface PostAuthor {
  /** The session's `userId`. */
  id: string;
  /** The name shown on the post, copied at creation. */
  name: string;
}

/** A post as stored. */
export type Post = {
  id: PostId;
  title: string;
  body: string;
  authorId: string;
  authorName: string;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds; equal to `createdAt` until the first edit. */
  updatedAt: number;
};

/** A post with the versionstamp it was read at, for a later update. */
export interface VersionedPost {
  post: Post;
  versionstamp: string;
}

/**
 * Whether `value` is a well-formed post id. Anything else (negative or
 * huge numbers, `..%2f..`, unicode) is refused before any KV read.
 *
 * @param value Anything, usually `ctx.params.id`.
 * @example
 * ```ts
 * isPostId("m0z5k2a1c-3f9x0q2k7b1d"); // true
 * isPostId("-1"); // false
 * ```
 */
export function isPostId(value: unknown): value is PostId {
  return typeof value === "string" && POST_ID_PATTERN.test(value);
}

/**
 * Makes a new post id for the time `now`: a fixed-width base36 timestamp
 * and a random suffix, so that KV's key order is creation order (the list
 * reads it backwards for newest first) and ids cannot be guessed or
 * enumerated by counting. Ids from outside are checked with
 * {@linkcode isPostId} before they go near a KV key.
 *
 * @param now Epoch milliseconds, 0 to 36^9 - 1.
 */
export function generatePostId(now: number): PostId {
  if (!Number.isSafeInteger(now) || now < 0 || now >= 36 ** TIME_DIGITS) {
    throw new RangeError(`generatePostId: time out of range: ${now}`);
  }
  const time = now.toString(36).padStart(TIME_DIGITS, "0");
  return `${time}-${randomBase36(RANDOM_DIGITS)}` as PostId;
}

function randomBase36(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      // 252 = 7 × 36: rejecting the rest keeps every digit equally likely.
      if (byte < 252 && out.length < length) out += BASE36[byte % 36];
    }
  }
  return out;
}

/**
 * Whether `userId` wrote `post`, and so may edit or delete it.
 *
 * @param post The post.
 * @param userId The session's `userId`, if any.
 */
export function isAuthor(post: Post, userId: string | undefined): boolean {
  return userId !== undefined && post.authorId === userId;
}

/** Whether `value` looks like a KV versionstamp (20 hex digits). */
export function isVersionstamp(value: unknown): value is string {
  return typeof value === "string" && /^[0-9a-f]{20}$/.test(value);
}

// Guards reads against records written by an older or broken version.
export function isPost(value: unknown): value is Post {
  if (typeof value !== "object" || value === null) return false;
  const post = value as Record<string, unknown>;
  return isPostId(post.id) && typeof post.title === "string" &&
    typeof post.body === "string" && typeof post.authorId === "string" &&
    typeof post.authorName === "string" &&
    typeof post.createdAt === "number" && typeof post.updatedAt === "number";
}

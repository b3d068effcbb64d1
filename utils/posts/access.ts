/**
 * Who may do what with posts, bound to the request context: reading is
 * public, writing needs a signed-in user (others are sent to the login
 * page by the accounts guard), and changing or deleting a post needs its
 * author.
 *
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";
import { requireUser } from "../accounts/guard.ts";
import { USERNAME_KEY } from "../accounts/session_keys.ts";
import { HttpError } from "../http/http_error.ts";
import { isSignedIn, type SignedInState, type State } from "../state.ts";
import {
  isAuthor,
  isPostId,
  type Post,
  type PostAuthor,
  type VersionedPost,
} from "./post.ts";
import { posts } from "./store.ts";

/** Shown on the 403 page when someone else's post is changed. */
export const NOT_AUTHOR_MESSAGE = "You can only change your own posts.";

function toAuthor(state: SignedInState): PostAuthor {
  const name = state.session.get(USERNAME_KEY);
  return {
    id: state.session.userId,
    name: typeof name === "string" && name !== "" ? name : "a member",
  };
}

/**
 * The signed-in user as a post author, or `null` for a visitor.
 *
 * @param ctx The handler's context.
 */
export function currentAuthor(
  ctx: Pick<FreshContext<State>, "state">,
): PostAuthor | null {
  return isSignedIn(ctx.state) ? toAuthor(ctx.state) : null;
}

/**
 * The signed-in user as a post author, or the answer for a visitor: a 303
 * to the login page (with "Please sign in first.") that returns to `next`.
 *
 * @param ctx The handler's context.
 * @param next The page to come back to, such as `/posts/new`.
 * @example
 * ```ts
 * const author = requireAuthor(ctx, "/posts/new");
 * if (author instanceof Response) return author;
 * ```
 */
export function requireAuthor<D>(
  ctx: FreshContext<State, D>,
  next: string,
): PostAuthor | Response {
  const state = requireUser(ctx, next);
  return state instanceof Response ? state : toAuthor(state);
}

/**
 * Throws a 403 unless `author` wrote `post`.
 *
 * @param post The post to change.
 * @param author The signed-in user.
 * @throws {HttpError} 403 for anyone but the author.
 */
export function assertAuthor(post: Post, author: PostAuthor): void {
  if (!isAuthor(post, author.id)) throw new HttpError(403, NOT_AUTHOR_MESSAGE);
}

/**
 * Loads post `id` for its signed-in author to change. Returns the response
 * to send instead when there is nothing to change: the 404 page for a
 * malformed or unknown id (checked first, so a bad id never reaches a
 * login `next` link), or the login redirect for a visitor.
 *
 * @param ctx The handler's context.
 * @param id The `:id` route parameter.
 * @param next Where the login page sends the visitor back to.
 * @throws {HttpError} 403 when someone other than the author asks.
 */
export async function loadOwnPost<D>(
  ctx: FreshContext<State, D>,
  id: string,
  next: string,
): Promise<{ found: VersionedPost; author: PostAuthor } | Response> {
  if (!isPostId(id)) return ctx.renderNotFound();
  const author = requireAuthor(ctx, next);
  if (author instanceof Response) return author;
  const found = await posts.get(id);
  if (!found) return ctx.renderNotFound();
  assertAuthor(found.post, author);
  return { found, author };
}

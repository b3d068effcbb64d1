/**
 * `POST /posts/:id/delete`: deletes a post, for its author only.
 */
import type { Handlers } from "$fresh/server.ts";
import { seeOther } from "../../../utils/http/redirect.ts";
import * as messages from "../../../utils/messages/mod.ts";
import { assertAuthor, requireAuthor } from "../../../utils/posts/access.ts";
import { isPostId } from "../../../utils/posts/posts.ts";
import { posts } from "../../../utils/posts/store.ts";
import type { State } from "../../../utils/state.ts";

export const handler: Handlers<unknown, State> = {
  async POST(req, ctx) {
    // The form carries nothing; drop whatever body was sent.
    await req.body?.cancel();
    const id = ctx.params.id;
    // A malformed id is a 404 before anything else, and never reaches a
    // `next` parameter.
    if (!isPostId(id)) return ctx.renderNotFound();
    const author = requireAuthor(ctx, `/posts/${id}`);
    if (author instanceof Response) return author;
    const found = await posts.get(id);
    if (!found) return ctx.renderNotFound();
    assertAuthor(found.post, author);
    // Deletes only the version whose author was just checked.
    const result = await posts.delete(found.post.id, found.versionstamp);
    if (result.ok) {
      messages.success(ctx, "Post deleted.");
      return seeOther("/posts");
    }
    if (result.reason === "not_found") {
      messages.error(ctx, "That post had already been deleted.");
      return seeOther("/posts");
    }
    messages.error(
      ctx,
      "The post changed while it was being deleted, so it was kept. Please try again.",
    );
    return seeOther(`/posts/${found.post.id}`);
  },
};

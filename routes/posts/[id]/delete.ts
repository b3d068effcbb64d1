/**
 * `POST /posts/:id/delete`: deletes a post, for its author only.
 */
import type { Handlers } from "$fresh/server.ts";
import { seeOther } from "../../../utils/http/redirect.ts";
import * as messages from "../../../utils/messages/mod.ts";
import { loadOwnPost } from "../../../utils/posts/access.ts";
import { posts } from "../../../utils/posts/store.ts";
import type { State } from "../../../utils/state.ts";
import { postUndoWindowMs, undoPostDeletion } from "../../../utils/undo.ts";

export const handler: Handlers<unknown, State> = {
  async POST(req, ctx) {
    // The form carries nothing; drop whatever body was sent.
    await req.body?.cancel();
    const id = ctx.params.id;
    const own = await loadOwnPost(ctx, id, `/posts/${id}`);
    if (own instanceof Response) return own;
    const { found } = own;
    // Deletes only the version whose author was just checked.
    const result = await posts.delete(found.post.id, found.versionstamp, {
      keepForMs: postUndoWindowMs(ctx),
    });
    if (result.ok) {
      messages.success(ctx, "Post deleted.", {
        action: undoPostDeletion(ctx, found.post.id),
      });
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

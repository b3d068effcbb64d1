/**
 * `GET /posts/new`: the form for a new post, for signed-in users. It posts
 * to `/posts`, which shows the same form again when something is invalid.
 */
import type { Handlers, RouteConfig } from "$fresh/server.ts";
import { PostFormPage } from "../../components/PostForm.tsx";
import { requireAuthor } from "../../utils/posts/access.ts";
import type { State } from "../../utils/state.ts";

export const config: RouteConfig = { csp: true };

export const handler: Handlers<unknown, State> = {
  GET(_req, ctx) {
    const author = requireAuthor(ctx, "/posts/new");
    if (author instanceof Response) return author;
    return ctx.render();
  },
};

export default function NewPost() {
  return (
    <PostFormPage
      heading="New post"
      action="/posts"
      values={{ title: "", body: "" }}
      submitLabel="Save post"
      cancelHref="/posts"
    />
  );
}

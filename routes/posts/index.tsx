/**
 * `GET /posts`: the posts, newest first, 50 to a page (`?before=<id>` for
 * older ones). `POST /posts`: saves a new post, or shows the new-post form
 * again with the typed values and what to fix (422).
 */
import type { Handlers, PageProps, RouteConfig } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { PostByline } from "../../components/PostByline.tsx";
import { PostFormPage } from "../../components/PostForm.tsx";
import { rawField, readForm } from "../../utils/http/forms.ts";
import { seeOther } from "../../utils/http/redirect.ts";
import * as messages from "../../utils/messages/mod.ts";
import { requireAuthor } from "../../utils/posts/access.ts";
import { isPostId } from "../../utils/posts/post.ts";
import type { PostPage } from "../../utils/posts/posts.ts";
import { posts } from "../../utils/posts/store.ts";
import {
  type PostFieldErrors,
  type PostInput,
  validatePost,
} from "../../utils/posts/validation.ts";
import type { State } from "../../utils/state.ts";

export const config: RouteConfig = { csp: true };

type PostsData =
  | PostPage & { view: "list"; before: string | null }
  | { view: "form"; values: PostInput; errors: PostFieldErrors };

export const handler: Handlers<PostsData, State> = {
  async GET(_req, ctx) {
    const before = ctx.url.searchParams.get("before");
    if (before !== null && !isPostId(before)) return ctx.renderNotFound();
    const page = await posts.list({ before: before ?? undefined });
    return ctx.render({ view: "list", ...page, before });
  },

  async POST(req, ctx) {
    const author = requireAuthor(ctx, "/posts/new");
    if (author instanceof Response) return author;
    const form = await readForm(req);
    const result = validatePost({
      title: rawField(form, "title"),
      body: rawField(form, "body"),
    });
    if (!result.ok) {
      messages.error(
        ctx,
        "The post was not saved. Please fix the errors below.",
        {
          now: true,
        },
      );
      return ctx.render(
        { view: "form", values: result.value, errors: result.errors },
        { status: 422 },
      );
    }
    await posts.create(result.value, author);
    messages.success(ctx, "Post saved!");
    return seeOther("/posts");
  },
};

export default function Posts({ data }: PageProps<PostsData, State>) {
  if (data.view === "form") {
    return (
      <PostFormPage
        heading="New post"
        action="/posts"
        values={data.values}
        errors={data.errors}
        submitLabel="Save post"
        cancelHref="/posts"
      />
    );
  }
  return (
    <>
      <Head>
        <title>Posts · Deno Shop</title>
      </Head>
      <div class="page-head">
        <h1>Posts</h1>
        <a class="button" href="/posts/new">New post</a>
      </div>
      {data.posts.length === 0
        ? (
          <p class="empty">
            {data.before
              ? "No older posts."
              : "No posts yet. Write the first one!"}
          </p>
        )
        : (
          <ul class="post-list">
            {data.posts.map((post) => (
              <li key={post.id}>
                <h2>
                  <a href={`/posts/${post.id}`}>{post.title}</a>
                </h2>
                <PostByline post={post} />
              </li>
            ))}
          </ul>
        )}
      {(data.next || data.before) && (
        <p class="actions">
          {data.before && <a href="/posts">Newest posts</a>}
          {data.next && (
            <a href={`/posts?${new URLSearchParams({ before: data.next })}`}>
              Older posts
            </a>
          )}
        </p>
      )}
    </>
  );
}

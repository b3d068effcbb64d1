/**
 * `GET /posts/:id`: one post. Its author also gets edit and delete buttons.
 */
import type { Handlers, PageProps, RouteConfig } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { PostByline } from "../../components/PostByline.tsx";
import { currentAuthor } from "../../utils/posts/access.ts";
import { isAuthor, type Post } from "../../utils/posts/post.ts";
import { posts } from "../../utils/posts/store.ts";
import type { State } from "../../utils/state.ts";

export const config: RouteConfig = { csp: true };

interface PostData {
  post: Post;
  canChange: boolean;
}

export const handler: Handlers<PostData, State> = {
  async GET(_req, ctx) {
    const found = await posts.get(ctx.params.id);
    if (!found) return ctx.renderNotFound();
    const canChange = isAuthor(found.post, currentAuthor(ctx)?.id);
    return ctx.render({ post: found.post, canChange });
  },
};

export default function PostPage({ data }: PageProps<PostData, State>) {
  const { post, canChange } = data;
  return (
    <article class="card">
      <Head>
        <title>{`${post.title} · Deno Shop`}</title>
      </Head>
      <h1>{post.title}</h1>
      <PostByline post={post} />
      {post.body
        ? <p class="post-body">{post.body}</p>
        : <p class="muted">This post has no text.</p>}
      <div class="actions">
        <a class="button secondary" href="/posts">All posts</a>
        {canChange && (
          <>
            <a class="button secondary" href={`/posts/${post.id}/edit`}>
              Edit
            </a>
            <form method="post" action={`/posts/${post.id}/delete`}>
              <button type="submit" class="button danger">Delete</button>
            </form>
          </>
        )}
      </div>
    </article>
  );
}

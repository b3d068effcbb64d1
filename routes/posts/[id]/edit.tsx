/**
 * `GET /posts/:id/edit` and `POST /posts/:id/edit`: changes a post's title
 * and text, for its author only.
 *
 * The form carries the versionstamp it was built from. If the post was
 * saved again in the meantime (another tab, another device), the save is
 * refused with 409, the typed text is kept in the form and the saved
 * version is shown under it, rather than one edit silently replacing the
 * other.
 */
import type { Handlers, PageProps, RouteConfig } from "$fresh/server.ts";
import { PostByline } from "../../../components/PostByline.tsx";
import { PostFormPage } from "../../../components/PostForm.tsx";
import { field, rawField, readForm } from "../../../utils/http/forms.ts";
import { seeOther } from "../../../utils/http/redirect.ts";
import * as messages from "../../../utils/messages/mod.ts";
import { loadOwnPost } from "../../../utils/posts/access.ts";
import type { Post, PostId } from "../../../utils/posts/post.ts";
import { posts } from "../../../utils/posts/store.ts";
import {
  type PostFieldErrors,
  type PostInput,
  validatePost,
} from "../../../utils/posts/validation.ts";
import type { State } from "../../../utils/state.ts";

export const config: RouteConfig = { csp: true };

interface EditPostData {
  id: PostId;
  values: PostInput;
  errors: PostFieldErrors;
  version: string;
  /** The saved version, shown after a conflicting save. */
  saved?: Post;
}

export const handler: Handlers<EditPostData, State> = {
  async GET(_req, ctx) {
    const id = ctx.params.id;
    const own = await loadOwnPost(ctx, id, `/posts/${id}/edit`);
    if (own instanceof Response) return own;
    const { found } = own;
    const { post, versionstamp } = found;
    return ctx.render({
      id: post.id,
      values: { title: post.title, body: post.body },
      errors: {},
      version: versionstamp,
    });
  },

  async POST(req, ctx) {
    const id = ctx.params.id;
    const own = await loadOwnPost(ctx, id, `/posts/${id}/edit`);
    if (own instanceof Response) return own;
    const { found } = own;
    const form = await readForm(req);
    const version = field(form, "version");
    const result = validatePost({
      title: rawField(form, "title"),
      body: rawField(form, "body"),
    });
    if (!result.ok) {
      messages.error(
        ctx,
        "Your changes were not saved. Please fix the errors below.",
        { now: true },
      );
      return ctx.render({
        id: found.post.id,
        values: result.value,
        errors: result.errors,
        version,
      }, { status: 422 });
    }
    const saved = await posts.update(found.post.id, result.value, version);
    if (saved.ok) {
      messages.success(ctx, "Post updated.");
      return seeOther(`/posts/${saved.post.id}`);
    }
    if (saved.reason === "not_found") {
      messages.error(
        ctx,
        "This post was deleted, so your changes were not saved.",
      );
      return seeOther("/posts");
    }
    messages.error(
      ctx,
      "This post was changed after you opened it, so your changes were not saved. Compare them with the saved version below, then save again to replace it.",
      { now: true },
    );
    return ctx.render({
      id: found.post.id,
      values: result.value,
      errors: {},
      // Saving again now replaces the version the person has just seen.
      version: saved.current.versionstamp,
      saved: saved.current.post,
    }, { status: 409 });
  },
};

export default function EditPost({ data }: PageProps<EditPostData, State>) {
  return (
    <PostFormPage
      heading="Edit post"
      action={`/posts/${data.id}/edit`}
      values={data.values}
      errors={data.errors}
      version={data.version}
      submitLabel="Save changes"
      cancelHref={`/posts/${data.id}`}
    >
      {data.saved && (
        <section class="card" aria-labelledby="saved-version">
          <h2 id="saved-version">The saved version</h2>
          <h3>{data.saved.title}</h3>
          <PostByline post={data.saved} />
          <p class="post-body">{data.saved.body}</p>
        </section>
      )}
    </PostFormPage>
  );
}

import type { Post } from "../utils/posts/post.ts";

const DATE_FORMAT = new Intl.DateTimeFormat("en", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/** A timestamp as a `<time>` element, shown in UTC. */
function Timestamp({ epochMs }: { epochMs: number }) {
  const date = new Date(epochMs);
  return (
    <time datetime={date.toISOString()}>{DATE_FORMAT.format(date)} UTC</time>
  );
}

/** "By <author>, <date>", plus when it was last edited. */
export function PostByline({ post }: { post: Post }) {
  return (
    <p class="muted">
      By <strong>{post.authorName}</strong>,{" "}
      <Timestamp epochMs={post.createdAt} />
      {post.updatedAt > post.createdAt && (
        <>
          {" "}· edited <Timestamp epochMs={post.updatedAt} />
        </>
      )}
    </p>
  );
}

/**
 * Posts in Deno KV, one record per post under `["posts", id]`; what a post
 * is and how its ids are made is in `post.ts`.
 *
 * @see https://docs.deno.com/deploy/kv/manual/transactions/
 * @module
 */
import { reportBadRow } from "../bad_rows.ts";
import { assertWithinLimits, type PostInput } from "./validation.ts";
import {
  generatePostId,
  isPost,
  isPostId,
  type Post,
  type PostAuthor,
  type PostId,
  type VersionedPost,
} from "./post.ts";

/** The KV key prefix of all posts. */
export const POSTS_PREFIX = ["posts"] as const;

/** Deleted posts waiting for an undo: `["posts_trash", id]`, expiring. */
export const POSTS_TRASH_PREFIX = ["posts_trash"] as const;

/** A deleted post as the trash keeps it. */
type TrashedPost = { post: Post; expiresAt: number };

/** The outcome of {@linkcode PostStore.update}. */
export type UpdatePostResult =
  | { ok: true; post: Post; versionstamp: string }
  | { ok: false; reason: "not_found" }
  /** Saved by someone else since `expectedVersionstamp`; `current` is theirs. */
  | { ok: false; reason: "conflict"; current: VersionedPost };

/** The outcome of {@linkcode PostStore.delete}. */
export type DeletePostResult =
  | { ok: true }
  | { ok: false; reason: "not_found" | "conflict" };

/** The outcome of {@linkcode PostStore.restore}. */
export type RestorePostResult =
  | { ok: true; post: Post }
  /** Not in the trash: never deleted with `keepForMs`, expired, or restored already. */
  | { ok: false; reason: "not_found" };

/** Options of {@linkcode PostStore.delete}. */
export interface DeletePostOptions {
  /**
   * Keep the deleted post this long under {@linkcode POSTS_TRASH_PREFIX},
   * so that {@linkcode PostStore.restore} can bring it back (an "Undo").
   * @default 0 (gone at once)
   */
  keepForMs?: number;
}

/** One page of the newest-first list. */
export interface PostPage {
  posts: Post[];
  /** Pass as `before` for the next (older) page; `null` on the last page. */
  next: PostId | null;
}

/** Options of {@linkcode PostStore}. */
export interface PostStoreOptions {
  /** The clock, in epoch milliseconds. @default Date.now */
  now?: () => number;
}

/** Options of {@linkcode PostStore.list}. */
export interface ListPostsOptions {
  /** Most posts returned. @default 50 (at most 200) */
  limit?: number;
  /** Only posts older than this id (from `PostPage.next`). */
  before?: PostId;
}

/** Default page size of {@linkcode PostStore.list}. */
export const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200;

/**
 * The post store. All KV access for posts goes through it.
 *
 * Updates and deletes are compare-and-set on the record's versionstamp: an
 * edit made from a form loaded before someone else's save is reported as a
 * conflict, not written over the other change.
 *
 * @example
 * ```ts
 * const store = new PostStore(await Deno.openKv(":memory:"));
 * const { post } = await store.create({ title: "Hi", body: "" }, author);
 * ```
 */
export class PostStore {
  #kv: Deno.Kv;
  #now: () => number;
  #lastTime = 0;

  constructor(kv: Deno.Kv, options: PostStoreOptions = {}) {
    this.#kv = kv;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Saves a new post.
   *
   * @param input Validated values (see `validatePost`).
   * @param author Who writes it.
   * @throws {RangeError} when `input` breaks the limits: validate first.
   */
  async create(input: PostInput, author: PostAuthor): Promise<VersionedPost> {
    assertWithinLimits(input);
    const now = this.#now();
    // Two attempts: a collision needs the same millisecond and 62 random bits.
    for (let attempt = 0; attempt < 2; attempt++) {
      const post: Post = {
        id: generatePostId(this.#nextIdTime(now)),
        title: input.title,
        body: input.body,
        authorId: author.id,
        authorName: author.name,
        createdAt: now,
        updatedAt: now,
      };
      const key = [...POSTS_PREFIX, post.id];
      const result = await this.#kv.atomic()
        .check({ key, versionstamp: null })
        .set(key, post)
        .commit();
      if (result.ok) return { post, versionstamp: result.versionstamp };
    }
    throw new Error("PostStore.create: could not find a free id");
  }

  /**
   * Reads a post. Malformed ids read nothing and give `null`.
   *
   * @param id Any string, usually `ctx.params.id`.
   */
  async get(id: string): Promise<VersionedPost | null> {
    if (!isPostId(id)) return null;
    const entry = await this.#kv.get([...POSTS_PREFIX, id]);
    if (entry.versionstamp === null) return null;
    if (!isPost(entry.value) || entry.value.id !== id) {
      reportBadRow(entry, "post");
      return null;
    }
    return { post: entry.value, versionstamp: entry.versionstamp };
  }

  /** Lists posts, newest first, one page at a time. */
  async list(options: ListPostsOptions = {}): Promise<PostPage> {
    const limit = Math.min(
      Math.max(1, Math.trunc(options.limit ?? DEFAULT_PAGE_SIZE)),
      MAX_PAGE_SIZE,
    );
    const selector: Deno.KvListSelector = options.before !== undefined &&
        isPostId(options.before)
      ? { prefix: [...POSTS_PREFIX], end: [...POSTS_PREFIX, options.before] }
      : { prefix: [...POSTS_PREFIX] };
    const posts: Post[] = [];
    // One extra post tells whether an older page exists. Malformed rows
    // are skipped, so reading goes on until that many good ones are found.
    for await (
      const entry of this.#kv.list(selector, {
        reverse: true,
        batchSize: limit + 1,
      })
    ) {
      if (isPost(entry.value)) posts.push(entry.value);
      else reportBadRow(entry, "post");
      if (posts.length > limit) break;
    }
    const more = posts.length > limit;
    if (more) posts.length = limit;
    return { posts, next: more ? posts[posts.length - 1].id : null };
  }

  /**
   * Replaces a post's title and body, only if nobody saved it since the
   * caller read it at `expectedVersionstamp`.
   *
   * @param id The post id.
   * @param input Validated values.
   * @param expectedVersionstamp The versionstamp the edit form was built from.
   */
  async update(
    id: string,
    input: PostInput,
    expectedVersionstamp: string,
  ): Promise<UpdatePostResult> {
    assertWithinLimits(input);
    const current = await this.get(id);
    if (!current) return { ok: false, reason: "not_found" };
    if (current.versionstamp !== expectedVersionstamp) {
      return { ok: false, reason: "conflict", current };
    }
    const post: Post = {
      ...current.post,
      title: input.title,
      body: input.body,
      updatedAt: Math.max(this.#now(), current.post.createdAt),
    };
    const key = [...POSTS_PREFIX, post.id];
    const result = await this.#kv.atomic()
      .check({ key, versionstamp: current.versionstamp })
      .set(key, post)
      .commit();
    if (result.ok) return { ok: true, post, versionstamp: result.versionstamp };
    // Someone saved between our read and our write.
    const latest = await this.get(id);
    return latest
      ? { ok: false, reason: "conflict", current: latest }
      : { ok: false, reason: "not_found" };
  }

  /**
   * Deletes a post. With `expectedVersionstamp`, only if it is still the
   * version the caller checked (for example, who its author is).
   *
   * @param id The post id.
   * @param expectedVersionstamp The versionstamp the caller read.
   * @param options `keepForMs`, to allow a restore.
   */
  async delete(
    id: string,
    expectedVersionstamp?: string,
    options: DeletePostOptions = {},
  ): Promise<DeletePostResult> {
    if (!isPostId(id)) return { ok: false, reason: "not_found" };
    const key = [...POSTS_PREFIX, id];
    const entry = await this.#kv.get(key);
    if (entry.versionstamp === null) return { ok: false, reason: "not_found" };
    if (
      expectedVersionstamp !== undefined &&
      entry.versionstamp !== expectedVersionstamp
    ) {
      return { ok: false, reason: "conflict" };
    }
    const op = this.#kv.atomic()
      .check({ key, versionstamp: entry.versionstamp })
      .delete(key);
    const keepForMs = Math.trunc(options.keepForMs ?? 0);
    if (keepForMs > 0 && isPost(entry.value)) {
      // expireIn is only the earliest deletion time: restore checks expiresAt.
      const trashed: TrashedPost = {
        post: entry.value,
        expiresAt: this.#now() + keepForMs,
      };
      op.set([...POSTS_TRASH_PREFIX, id], trashed, { expireIn: keepForMs });
    }
    const result = await op.commit();
    return result.ok ? { ok: true } : { ok: false, reason: "conflict" };
  }

  /**
   * Brings back a post deleted with `keepForMs`, unchanged and under its
   * id, once: the trash entry goes in the same transaction.
   *
   * @param id The post id.
   */
  async restore(id: string): Promise<RestorePostResult> {
    if (!isPostId(id)) return { ok: false, reason: "not_found" };
    const trashKey = [...POSTS_TRASH_PREFIX, id];
    const entry = await this.#kv.get<TrashedPost>(trashKey);
    const trashed = entry.value;
    if (entry.versionstamp === null) return { ok: false, reason: "not_found" };
    if (
      typeof trashed !== "object" || trashed === null ||
      !isPost(trashed.post) || trashed.post.id !== id ||
      typeof trashed.expiresAt !== "number"
    ) {
      reportBadRow(entry, "trashed post");
      return { ok: false, reason: "not_found" };
    }
    if (!(trashed.expiresAt > this.#now())) {
      return { ok: false, reason: "not_found" };
    }
    const key = [...POSTS_PREFIX, id];
    const result = await this.#kv.atomic()
      .check({ key: trashKey, versionstamp: entry.versionstamp })
      .check({ key, versionstamp: null })
      .set(key, trashed.post)
      .delete(trashKey)
      .commit();
    return result.ok
      ? { ok: true, post: trashed.post }
      : { ok: false, reason: "not_found" };
  }

  /**
   * Deletes every post by `authorId` (an account being deleted), and its
   * posts in the trash. One pass over all posts, as they are not indexed by
   * author; each deletion is guarded by the version read, so a post edited
   * meanwhile is read again by the next pass. Returns how many were deleted.
   *
   * @param authorId The author's user id.
   */
  async deleteByAuthor(authorId: string): Promise<number> {
    const byAuthor = (post: unknown) =>
      isPost(post) && post.authorId === authorId;
    let deleted = 0;
    for (let pass = 0; pass < 3; pass++) {
      const posts = await this.#deleteWhere(POSTS_PREFIX, byAuthor);
      const trashed = await this.#deleteWhere(
        POSTS_TRASH_PREFIX,
        (value) => byAuthor((value as Partial<TrashedPost> | null)?.post),
      );
      deleted += posts.deleted + trashed.deleted;
      if (posts.conflicts + trashed.conflicts === 0) break;
    }
    return deleted;
  }

  /** Deletes the rows under `prefix` whose value `match`es, each guarded. */
  async #deleteWhere(
    prefix: readonly string[],
    match: (value: unknown) => boolean,
  ): Promise<{ deleted: number; conflicts: number }> {
    let deleted = 0;
    let conflicts = 0;
    for await (const entry of this.#kv.list({ prefix: [...prefix] })) {
      if (!match(entry.value)) continue;
      const result = await this.#kv.atomic().check(entry).delete(entry.key)
        .commit();
      if (result.ok) deleted++;
      else conflicts++;
    }
    return { deleted, conflicts };
  }

  // Keeps ids of one process strictly increasing in time, so two posts saved
  // in the same millisecond still list in the order they were made.
  #nextIdTime(now: number): number {
    this.#lastTime = Math.max(now, this.#lastTime + 1);
    return this.#lastTime;
  }
}

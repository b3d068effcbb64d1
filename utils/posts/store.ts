/**
 * The app's post store, on the app's KV handle.
 *
 * @module
 */
import { kv } from "../kv/db.ts";
import { PostStore } from "./posts.ts";

/** The posts of this app. */
export const posts: PostStore = new PostStore(kv);

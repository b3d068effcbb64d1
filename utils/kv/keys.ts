/**
 * Every key prefix the app writes to Deno KV: the first element of the
 * key, the module that owns the rows, how long they live and what they
 * hold. A row is read and written only by its owner; other modules go
 * through it. `tests/utils/kv/keys_test.ts` fails when the code writes a
 * prefix this table does not list, or lists one nothing writes.
 *
 * `expireIn` is only the earliest time KV may delete a row, so the owners
 * of expiring rows also store the deadline and check it on read.
 *
 * @see https://docs.deno.com/deploy/kv/manual/key_expiration/
 * @module
 */

/** One key prefix of the app's KV. */
export interface KeyPrefix {
  /** The whole key, with its variable parts named. */
  key: string;
  /** The module that reads and writes these rows. */
  owner: string;
  /** How long a row lives: `expireIn`, or `null` for rows kept until deleted. */
  ttl: string | null;
  /** What a row holds. */
  holds: string;
}

/** The app's key prefixes, by their first key element. */
export const KEY_PREFIXES = {
  sessions: {
    key: '["sessions", tokenHash]',
    owner: "utils/session/kv_store.ts",
    ttl:
      "the session's idle deadline (SESSION_IDLE_TIMEOUT, 14 days; 12 hours for a browser-session sign-in; 1 hour for a provisional session), never past its absolute deadline",
    holds:
      "A session record: its data, deadlines, user id and version; the key is the SHA-256 of the cookie's token, never the token.",
  },
  user_sessions: {
    key: '["user_sessions", userId, ref]',
    owner: "utils/session/kv_store.ts",
    ttl: "the same as the session it points at",
    holds:
      "The index of a user's sessions: the session's token hash and device details, for the sessions page and revocation.",
  },
  users: {
    key: '["users", userId]',
    owner: "utils/accounts/users.ts",
    ttl: null,
    holds: "An account: username, PBKDF2 password hash, dates.",
  },
  users_by_name: {
    key: '["users_by_name", username]',
    owner: "utils/accounts/users.ts",
    ttl: null,
    holds: "The unique username index: the user's id.",
  },
  user_carts: {
    key: '["user_carts", userId]',
    owner: "utils/accounts/saved_cart.ts",
    ttl: null,
    holds:
      "The cart saved at sign-out and merged back at sign-in, shared by the user's devices (deleted when it empties).",
  },
  login_devices: {
    key: '["login_devices", userId, deviceId]',
    owner: "utils/accounts/devices.ts",
    ttl: "180 days after the last sign-in from that browser",
    holds:
      "A browser trusted for the account (deviceId is the SHA-256 of its device cookie's token): its first and latest sign-in.",
  },
  login_attempts: {
    key:
      '["login_attempts", "username" | "address", name, …] and ["login_attempts", "device", userId, deviceId, …]',
    owner: "utils/accounts/throttle.ts (through attempt_log.ts)",
    ttl: "15 minutes (the throttle's window)",
    holds:
      "One failed (or still hashing) sign-in attempt, for the guessing limits.",
  },
  signup_attempts: {
    key: '["signup_attempts", address, …]',
    owner: "utils/accounts/signup_limit.ts (through attempt_log.ts)",
    ttl: "1 hour (SIGNUP_MAX_PER_ADDRESS per hour)",
    holds: "One account created (or being created) from a client address.",
  },
  signup_name_checks: {
    key: '["signup_name_checks", address, …]',
    owner: "utils/accounts/name_check_limit.ts (through attempt_log.ts)",
    ttl: "15 minutes (SIGNUP_CHECKS_PER_ADDRESS per 15 minutes)",
    holds: "One username looked up by sign-up from a client address.",
  },
  posts: {
    key: '["posts", postId]',
    owner: "utils/posts/posts.ts",
    ttl: null,
    holds: "A post: its text, author and dates.",
  },
  posts_trash: {
    key: '["posts_trash", postId]',
    owner: "utils/posts/posts.ts",
    ttl: "the undo window of the deletion's message",
    holds: "A deleted post kept for its Undo, with its deadline.",
  },
  products: {
    key: '["products", productId]',
    owner: "utils/shop/catalog.ts",
    ttl: null,
    holds:
      "A product of the catalogue: name, description, price, picture tint.",
  },
  seed: {
    key: '["seed", "products", "v1"]',
    owner: "utils/shop/catalog.ts",
    ttl: null,
    holds: "When the seed catalogue was written, so that it is written once.",
  },
  orders: {
    key: '["orders", orderId]',
    owner: "utils/shop/orders.ts",
    ttl: null,
    holds:
      "A placed order: lines, prices, delivery, address, contact and the user id (removed when the account is deleted).",
  },
  checkouts: {
    key: '["checkouts", checkoutId]',
    owner: "utils/shop/orders.ts",
    ttl: null,
    holds:
      "The order id a checkout placed: the claim that makes a second submit place nothing.",
  },
  user_orders: {
    key: '["user_orders", userId, createdAt, orderId]',
    owner: "utils/shop/orders.ts",
    ttl: null,
    holds: "null: the index of a user's orders, oldest first.",
  },
} as const satisfies Record<string, KeyPrefix>;

/** A first key element the app writes. */
export type KeyPrefixName = keyof typeof KEY_PREFIXES;

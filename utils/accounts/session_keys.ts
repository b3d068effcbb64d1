/**
 * Session keys the accounts layer writes and other parts read.
 *
 * @module
 */

/**
 * The signed-in user's name, stored at login so that the header and post
 * bylines need no KV read to show it.
 */
export const USERNAME_KEY = "username";

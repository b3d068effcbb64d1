/**
 * The session key the pending messages live under, declared once with its
 * run-time check (see `utils/session/keys.ts`).
 *
 * @module
 */
import { defineSessionKey } from "../session/mod.ts";
import { parseStoredMessages, type StoredMessage } from "./message.ts";

/** The session key's name. */
export const SESSION_KEY = "_messages";

/**
 * The pending messages, oldest first. A list is kept with its malformed
 * messages left out (`parseStoredMessages`); anything other than a list is
 * dropped and logged.
 */
export const messagesKey = defineSessionKey<StoredMessage[]>(SESSION_KEY, {
  parse: (value) =>
    Array.isArray(value) ? parseStoredMessages(value) : undefined,
  default: [],
});

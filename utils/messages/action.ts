/**
 * The one action a message may carry, such as "Undo": a button that posts
 * `fields` to `action` on this site. Pure code, shared by the server and
 * the `FlashMessages` island.
 *
 * @module
 */

/** A button in a banner: `label`, posting `fields` to the same-site path `action`. */
// A type alias, not an interface, so that it is assignable to the session's
// JsonValue (interfaces get no implicit index signature).
export type MessageAction = {
  /** The button's text, e.g. `"Undo"`. */
  label: string;
  /** A path on this site, e.g. `"/undo"`. */
  action: string;
  /** Hidden form fields posted with it. */
  fields: Record<string, string>;
};

/** Longest accepted label, in UTF-16 units. */
export const MAX_ACTION_LABEL = 40;
/** Most hidden fields one action may post. */
export const MAX_ACTION_FIELDS = 8;
/** Longest accepted field value. */
export const MAX_ACTION_VALUE = 512;

// A path on this site: one leading slash, never `//` or `/\` (both are read
// as another host by browsers), and no whitespace or control characters.
const SAME_SITE_PATH = /^\/(?![/\\])[^\s\\\p{Cc}]{0,512}$/u;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,39}$/;

/**
 * Whether `value` is a well-formed {@linkcode MessageAction} whose target
 * stays on this site.
 *
 * @param value Anything, e.g. what a session or a JSON answer holds.
 */
export function isMessageAction(value: unknown): value is MessageAction {
  if (typeof value !== "object" || value === null) return false;
  const { label, action, fields } = value as Record<string, unknown>;
  if (
    typeof label !== "string" || label.trim() === "" ||
    label.length > MAX_ACTION_LABEL
  ) return false;
  if (typeof action !== "string" || !SAME_SITE_PATH.test(action)) return false;
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
    return false;
  }
  const entries = Object.entries(fields);
  return entries.length <= MAX_ACTION_FIELDS &&
    entries.every(([name, v]) =>
      FIELD_NAME.test(name) && typeof v === "string" &&
      v.length <= MAX_ACTION_VALUE
    );
}

/** A copy of `action` holding only its own fields. */
export function copyAction(action: MessageAction): MessageAction {
  return {
    label: action.label,
    action: action.action,
    fields: { ...action.fields },
  };
}

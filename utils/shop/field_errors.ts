/**
 * The checkout steps' validation result: one message per field that needs
 * fixing, keyed by the field's form name.
 *
 * @module
 */

/** Field name → what is wrong with it; a field with no entry is fine. */
export type FieldErrors = Partial<Record<string, string>>;

/**
 * Entity tags for the files the runtime serves (static files and client
 * bundles): one strong tag per file's bytes, and the `If-None-Match` test.
 *
 * @module
 */
import { createHash } from "node:crypto";

/** A strong ETag for `bytes`: their SHA-1, base64url, quoted. */
export function etagOf(bytes: Uint8Array): string {
  return `"${createHash("sha1").update(bytes).digest("base64url")}"`;
}

/**
 * Whether an `If-None-Match` header matches `etag`: weak comparison, a
 * list of tags, or `*` (RFC 9110 §13.1.2).
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-13.1.2
 */
export function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((tag) =>
    tag.trim().replace(/^W\//, "") === bare
  );
}

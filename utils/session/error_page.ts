/**
 * The small plain HTML page the session middleware answers with when the
 * session cannot be saved (413), the client address started too many
 * sessions (429) or the store is busy (503). No stack
 * traces; anything dynamic is escaped.
 *
 * @module
 */
import type { SessionHttpError } from "./errors.ts";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML element content and quoted attributes.
 *
 * @param text Untrusted text.
 * @example
 * ```ts
 * escapeHtml("<b>"); // "&lt;b&gt;"
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const COPY = {
  413: {
    title: "Payload Too Large",
    text: "Your session has grown too large to save. Nothing was changed.",
  },
  409: {
    title: "Conflict",
    text:
      "Your account changed while you were signing in, so you were not signed in. Please sign in again.",
  },
  429: {
    title: "Too Many Requests",
    text:
      "Too many new visits came from your network just now. Please wait a moment and try again.",
  },
  503: {
    title: "Service Unavailable",
    text: "We could not reach your session just now. Please try again shortly.",
  },
} as const;

/**
 * Renders the default error response: 413 for `SessionTooLargeError`, 429
 * with `Retry-After` for `SessionLimitedError`, 503 with `Retry-After` for
 * `SessionUnavailableError`, 409 for `SessionGuardError`. Never cached.
 *
 * @param error The session error.
 * @example
 * ```ts
 * renderSessionError(new SessionUnavailableError("busy", 2)).status; // 503
 * ```
 */
export function renderSessionError(error: SessionHttpError): Response {
  const { title, text } = COPY[error.status];
  const heading = `${error.status} ${title}`;
  const body = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(heading)}</title></head>
<body><h1>${escapeHtml(heading)}</h1><p>${escapeHtml(text)}</p></body>
</html>
`;
  const headers = new Headers({
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
  });
  if (error.status === 429 || error.status === 503) {
    headers.set("retry-after", String(error.retryAfter));
  }
  return new Response(body, { status: error.status, headers });
}

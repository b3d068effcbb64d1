/**
 * A typed HTTP outcome that handlers throw and one middleware turns into a
 * clear status page (see `status_page.ts`), instead of a 500.
 *
 * @module
 */

/** The 4xx and 5xx statuses the app answers with on purpose. */
export type ErrorStatus = 400 | 403 | 404 | 405 | 413 | 415 | 422 | 429 | 503;

/** Thrown for an expected failure; `message` is shown to the visitor. */
export class HttpError extends Error {
  readonly status: ErrorStatus;
  readonly headers: HeadersInit | undefined;

  constructor(status: ErrorStatus, message: string, headers?: HeadersInit) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.headers = headers;
  }
}

/**
 * Status pages: the response for an HTTP error answered outside a route's
 * own page. The page's look is the app's: it passes its component in at
 * startup (see routes/_middleware.ts), so this module needs no UI code.
 *
 * @module
 */
import { type ComponentType, h } from "preact";
import { renderToString } from "preact-render-to-string";

/** What a status page component is given. */
export interface StatusPageProps {
  status: number;
  title: string;
  message: string;
}

/** Answers `status` with a full HTML page saying `message`, never cached. */
export type StatusPageRenderer = (
  status: number,
  message: string,
  headers?: HeadersInit,
) => Response;

const TITLES: Record<number, string> = {
  400: "Bad request",
  403: "Request refused",
  404: "Page not found",
  405: "Method not allowed",
  409: "Please try again",
  413: "Too large",
  415: "Unsupported form",
  422: "Please check the form",
  429: "Too many attempts",
  503: "Temporarily unavailable",
};

/**
 * Creates the status page renderer for the app's page component. Text is
 * escaped by Preact.
 *
 * @param component Renders the whole document, from `<html>` down.
 * @example
 * ```ts
 * const statusPage = createStatusPage(StatusPage);
 * statusPage(403, "This request came from another site.");
 * ```
 */
export function createStatusPage(
  component: ComponentType<StatusPageProps>,
): StatusPageRenderer {
  return function statusPage(status, message, headers) {
    const title = TITLES[status] ?? "Something went wrong";
    const html = "<!DOCTYPE html>" +
      renderToString(h(component, { status, title, message }));
    const responseHeaders = new Headers(headers);
    responseHeaders.set("content-type", "text/html; charset=utf-8");
    responseHeaders.set("cache-control", "no-store");
    return new Response(html, { status, headers: responseHeaders });
  };
}

/**
 * Renders {@linkcode StatusPage} into a response. Text is escaped by Preact.
 *
 * @module
 */
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { StatusPage } from "../../components/StatusPage.tsx";

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

/** A full HTML page for `status`, never cached. */
export function statusPage(
  status: number,
  message: string,
  headers?: HeadersInit,
): Response {
  const title = TITLES[status] ?? "Something went wrong";
  const html = "<!DOCTYPE html>" +
    renderToString(h(StatusPage, { status, title, message }));
  const responseHeaders = new Headers(headers);
  responseHeaders.set("content-type", "text/html; charset=utf-8");
  responseHeaders.set("cache-control", "no-store");
  return new Response(html, { status, headers: responseHeaders });
}

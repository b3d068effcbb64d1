/**
 * Reads the review page's "Place order" form the way a browser submits it:
 * every hidden field, with its value unescaped.
 *
 * @module
 */
import { ok } from "node:assert";

function unescapeHtml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** The fields of the form that posts to `/checkout/confirm` in `html`. */
export function confirmForm(html: string): Record<string, string> {
  const form = /<form[^>]*action="\/checkout\/confirm"[\s\S]*?<\/form>/.exec(
    html,
  )?.[0];
  ok(form, `no confirm form in:\n${html.slice(0, 2000)}`);
  const fields: Record<string, string> = {};
  for (const input of form.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1];
    if (name !== undefined) fields[name] = unescapeHtml(value ?? "");
  }
  return fields;
}

/** A flash banner's text as the page shows it, unescaped. */
export { unescapeHtml };

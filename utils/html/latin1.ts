/**
 * Markup rewritten so that V8 can store it one byte per character.
 *
 * V8 keeps a string whose characters all lie in Latin-1 (U+0000–U+00FF) at
 * one byte each; a single character beyond, such as an emoji, makes it a
 * two-byte string, and so every page string it is later concatenated into.
 * A page that embeds such a fragment on every request then pays double for
 * each concatenation, flattening and UTF-8 encoding of the whole page (the
 * catalogue served 1.12–1.24× more requests per second once its product grid
 * was converted). Browsers read a numeric character reference such as
 * `&#x2615;` exactly as the character itself.
 *
 * @module
 */

const BEYOND_LATIN1 = /[\u0100-\u{10ffff}]/gu;
const RAW_TEXT_ELEMENT = /<(script|style)[\s>/]/i;

/**
 * `html` with every character above U+00FF written as `&#x…;`.
 *
 * Meant for markup that is rendered once and embedded in many pages, such
 * as a cached fragment; converting a whole page on each request would cost
 * more than it saves.
 *
 * @param html Markup without `<script>` or `<style>` elements: inside them
 *   the browser does not decode character references.
 * @throws {TypeError} when `html` contains a `<script>` or `<style>` element.
 * @example
 * ```ts
 * latin1Html("<p>☕ Mug</p>"); // "<p>&#x2615; Mug</p>"
 * ```
 */
export function latin1Html(html: string): string {
  if (RAW_TEXT_ELEMENT.test(html)) {
    throw new TypeError(
      "latin1Html: character references are not decoded inside <script> or <style>",
    );
  }
  return html.replace(
    BEYOND_LATIN1,
    (char) => `&#x${char.codePointAt(0)!.toString(16)};`,
  );
}

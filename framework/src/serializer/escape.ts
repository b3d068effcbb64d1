/**
 * Makes JSON text safe to place inside a `<script>` element.
 *
 * @module
 */

const UNSAFE_IN_SCRIPT = /[<>&\u2028\u2029]/g;

const SCRIPT_ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

function escapeChar(char: string): string {
  return SCRIPT_ESCAPES[char];
}

/**
 * Rewrites `<`, `>`, `&`, U+2028 and U+2029 as `\uXXXX` escapes, so that
 * no prop such as `"</script>"` or `"<!--"` can end the element early. In
 * JSON text these characters only occur inside strings, where the escape
 * means the same thing, so the result is still the same JSON.
 *
 * @see https://html.spec.whatwg.org/multipage/scripting.html#restrictions-for-contents-of-script-elements
 */
export function escapeForScript(json: string): string {
  return json.replace(UNSAFE_IN_SCRIPT, escapeChar);
}

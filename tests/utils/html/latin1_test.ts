import { strictEqual, throws } from "node:assert";
import { latin1Html } from "../../../utils/html/latin1.ts";

/** What a browser reads: numeric character references decoded. */
function decodeReferences(html: string): string {
  return html.replace(
    /&#x([0-9a-f]+);/g,
    (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)),
  );
}

Deno.test("latin1Html: characters above U+00FF become references", () => {
  const html = '<li title="Mug – ☕"><p>🪴 Desk plant, 20 °C, café</p></li>';
  const out = latin1Html(html);
  strictEqual(
    out,
    '<li title="Mug &#x2013; &#x2615;"><p>&#x1fab4; Desk plant, 20 °C, café</p></li>',
  );
  strictEqual(/[\u0100-\u{10ffff}]/u.test(out), false);
  strictEqual(decodeReferences(out), html);
});

Deno.test("latin1Html: Latin-1 markup comes back unchanged", () => {
  const html = "<p>Catalogue · Deno Shop: crème brûlée, 5 × 2 &amp; more</p>";
  strictEqual(latin1Html(html), html);
});

Deno.test("latin1Html: refuses markup with <script> or <style>", () => {
  throws(() => latin1Html("<script>alert('☕')</script>"), TypeError);
  throws(() => latin1Html("<div><STYLE>p{}</STYLE></div>"), TypeError);
  // Names that only start like those elements are fine.
  strictEqual(latin1Html("<scripted>ok</scripted>"), "<scripted>ok</scripted>");
});

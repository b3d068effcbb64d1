/**
 * Benchmarks of island prop serialization (framework/src/serializer/), with
 * the props our pages really send: the FlashMessages island's messages and
 * the catalogue's islands (CartBadge, FlashMessages and the one CartForms
 * island serving every card's form), against JSON.stringify.
 *
 *   deno bench --allow-all bench/serializer_bench.ts
 *
 * @module
 */
import { signal } from "@preact/signals";
import { serialize } from "../framework/src/serializer/mod.ts";

const meta = {
  base: "/_frsh/js/0123456789abcdef/",
  buildId: "0123456789abcdef",
  islands: [["islands/FlashMessages.js", "default"]],
};
const messages = [{
  id: "m1",
  level: 25,
  levelTag: "success",
  tags: "success",
  text: "Added 1 × Dot-grid notebook to your cart.",
  extraTags: "",
}];
const catalogue = [
  meta,
  [
    { count: 3 },
    { messages: [] },
    {},
  ],
];

Deno.bench("serialize: one FlashMessages island", {
  group: "flash",
  baseline: true,
}, () => {
  serialize([meta, [{ messages }]]);
});

Deno.bench(
  "JSON.stringify: same value (no escaping)",
  { group: "flash" },
  () => {
    JSON.stringify([meta, [{ messages }]]);
  },
);

Deno.bench("serialize: catalogue page islands", { group: "catalogue" }, () => {
  serialize(catalogue);
});

Deno.bench("serialize: a shared signal (About's Counter)", {
  group: "signal",
}, () => {
  serialize([meta, [{ count: signal(3) }]]);
});

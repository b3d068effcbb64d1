/**
 * Which islands a page render marks for hydration: every outermost island,
 * none of the islands an island renders itself (they hydrate with it), and
 * again the islands inside JSX passed into an island (server slots), which
 * hydrate on their own.
 */
import { deepStrictEqual, strictEqual } from "node:assert";
import type { ComponentChildren } from "preact";
import { renderToString } from "preact-render-to-string";
import {
  collectIslands,
  type IslandCollector,
  registerIslands,
} from "../../framework/src/islands.ts";
import type { Manifest } from "../../framework/types.ts";

function Leaf({ name }: { name: string }) {
  return <i>{name}</i>;
}

function Outer({ children }: { children?: ComponentChildren }) {
  return (
    <section>
      <Leaf name="own" />
      <div>
        <span>
          <Leaf name="deep" />
        </span>
      </div>
      {children}
    </section>
  );
}

registerIslands({
  routes: {},
  islands: {
    "./islands/Leaf.tsx": { default: Leaf },
    "./islands/Outer.tsx": { default: Outer },
  },
  baseUrl: "file:///app/",
} as unknown as Manifest);

function render(tree: preact.VNode) {
  const collector: IslandCollector = { islands: [], slots: new Map() };
  const html = collectIslands(collector, () => renderToString(tree));
  return {
    html,
    names: collector.islands.map((i) =>
      `${i.island.file}:${String(i.props.name ?? "")}`
    ),
  };
}

Deno.test("islands an island renders get no markers of their own", () => {
  const { html, names } = render(
    <main>
      <Outer />
      <Leaf name="top" />
    </main>,
  );
  deepStrictEqual(names, ["./islands/Outer.tsx:", "./islands/Leaf.tsx:top"]);
  strictEqual(
    html,
    "<main><!--frsh:0--><section><i>own</i><div><span><i>deep</i></span></div></section><!--/frsh:0-->" +
      "<!--frsh:1--><i>top</i><!--/frsh:1--></main>",
  );
});

Deno.test("islands in JSX passed into an island are marked again, and what they render is not", () => {
  const { html, names } = render(
    <Outer>
      <div>
        <Leaf name="slotted" />
        <Outer />
      </div>
    </Outer>,
  );
  deepStrictEqual(names, [
    "./islands/Outer.tsx:",
    "./islands/Leaf.tsx:slotted",
    "./islands/Outer.tsx:",
  ]);
  strictEqual(
    html,
    "<!--frsh:0--><section><i>own</i><div><span><i>deep</i></span></div>" +
      '<frsh-slot data-frsh-slot="0"><div><!--frsh:1--><i>slotted</i><!--/frsh:1-->' +
      "<!--frsh:2--><section><i>own</i><div><span><i>deep</i></span></div></section><!--/frsh:2-->" +
      "</div></frsh-slot></section><!--/frsh:0-->",
  );
});

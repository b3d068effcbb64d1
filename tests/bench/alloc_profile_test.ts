/**
 * The allocation budget's arithmetic (bench/alloc_profile.ts) on a known
 * heap profile: bytes per request by allocating function and by every
 * function on the stack, recursion counted once, and the table.
 */
import { deepStrictEqual, strictEqual } from "node:assert";
import {
  allocationRows,
  allocationTable,
  frameName,
  type HeapProfileNode,
} from "../../bench/alloc_profile.ts";

function node(
  functionName: string,
  url: string,
  selfSize: number,
  children: HeapProfileNode[] = [],
): HeapProfileNode {
  return {
    callFrame: { functionName, url, lineNumber: 9 },
    selfSize,
    children,
  };
}

// root → render (100) → App (300) → render (600, recursive) ; root → gc-free
const PROFILE = node("(root)", "", 0, [
  node("render", "file:///app/framework/src/render.ts", 100, [
    node("App", "file:///app/routes/_app.tsx", 300, [
      node("render", "file:///app/framework/src/render.ts", 600),
    ]),
  ]),
  node("", "file:///app/utils/x.ts", 0),
]);

Deno.test("frameName: function, last two path segments, 1-based line", () => {
  strictEqual(
    frameName({
      functionName: "App",
      url: "file:///a/b/routes/_app.tsx",
      lineNumber: 0,
    }),
    "App routes/_app.tsx:1",
  );
  strictEqual(
    frameName({ functionName: "", url: "file:///x/y.ts", lineNumber: 4 }),
    "(anonymous) x/y.ts:5",
  );
});

Deno.test("allocationRows: self and inclusive bytes per request", () => {
  const rows = allocationRows(PROFILE, 10);
  strictEqual(rows.total, 100);
  deepStrictEqual(rows.self, [
    { name: "render src/render.ts:10", bytes: 70 },
    { name: "App routes/_app.tsx:10", bytes: 30 },
  ]);
  // render is on every allocating stack, twice on one: counted once there.
  deepStrictEqual(rows.inclusive, [
    { name: "(root) :10", bytes: 100 },
    { name: "render src/render.ts:10", bytes: 100 },
    { name: "App routes/_app.tsx:10", bytes: 90 },
  ]);
});

Deno.test("allocationTable: kB per request, limited, pipes escaped", () => {
  const table = allocationTable([
    { name: "a|b x.ts:1", bytes: 2048 },
    { name: "c y.ts:2", bytes: 512 },
    { name: "d z.ts:3", bytes: 1 },
  ], 2);
  strictEqual(
    table,
    [
      "| function | kB per request |",
      "|---|---:|",
      "| `a\\|b x.ts:1` | 2.00 |",
      "| `c y.ts:2` | 0.50 |",
    ].join("\n"),
  );
});

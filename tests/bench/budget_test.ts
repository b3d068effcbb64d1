/**
 * The stage budget's arithmetic (bench/budget_stages.ts) on known inputs:
 * which stage a sampled stack belongs to, the window of samples counted,
 * the render split, the table and V8's GC trace lines.
 */
import { deepStrictEqual, strictEqual } from "node:assert";
import {
  attributeProfile,
  budgetRows,
  type CpuProfile,
  GC,
  IDLE,
  OTHER,
  renderBudgetTable,
  splitRender,
  traceGcMs,
} from "../../bench/budget_stages.ts";
import { BODY_RENDER } from "../../bench/budget_rules.ts";

const FILE = "file:///app";

/** A profile whose nodes form one chain per entry of `stacks`. */
function profileOf(
  stacks: [string, string][][],
  samples: { stack: number; dt: number }[],
): CpuProfile {
  const nodes: CpuProfile["nodes"] = [{
    id: 1,
    callFrame: { functionName: "(root)", url: "" },
    children: [],
  }];
  const leaves: number[] = [];
  for (const stack of stacks) {
    let parent = nodes[0];
    for (const [functionName, url] of stack) {
      const node = {
        id: nodes.length + 1,
        callFrame: { functionName, url },
        children: [] as number[],
      };
      parent.children!.push(node.id);
      nodes.push(node);
      parent = node;
    }
    leaves.push(parent.id);
  }
  return {
    nodes,
    startTime: 1000,
    endTime: 2000,
    samples: samples.map((s) => leaves[s.stack]),
    timeDeltas: samples.map((s) => s.dt),
  };
}

Deno.test("a sample goes to the innermost frame a rule names", () => {
  const profile = profileOf([
    [
      ["handle", `${FILE}/framework/src/app.ts`],
      ["session", `${FILE}/utils/session/middleware.ts`],
      ["#load", `${FILE}/utils/session/manager.ts`],
      ["getCookie", `${FILE}/utils/cookie.ts`],
      ["split", "native"],
    ],
    [
      ["handle", `${FILE}/framework/src/app.ts`],
      ["session", `${FILE}/utils/session/middleware.ts`],
    ],
    [["(garbage collector)", ""]],
    [["(idle)", ""]],
    [["somethingElse", `${FILE}/lib.ts`]],
  ], [
    { stack: 0, dt: 10 },
    { stack: 1, dt: 20 },
    { stack: 2, dt: 30 },
    { stack: 3, dt: 40 },
    { stack: 4, dt: 50 },
  ]);
  const { us, samples } = attributeProfile(profile);
  strictEqual(samples, 5);
  deepStrictEqual(Object.fromEntries(us), {
    "session load: cookie read": 10,
    "middleware: session (own code)": 20,
    [GC]: 30,
    [IDLE]: 40,
    [OTHER]: 50,
  });
});

Deno.test("renderToString called by renderPage is the head; inside collectIslands, the body", () => {
  const render = `${FILE}/framework/src/render.ts`;
  const r2s = "file:///npm/preact-render-to-string/dist/index.mjs";
  const profile = profileOf([
    [["renderPage", render], ["renderToString", r2s], ["q", r2s]],
    [
      ["renderPage", render],
      ["withPageLinks", `${FILE}/framework/src/page_links.ts`],
      ["collectIslands", `${FILE}/framework/src/islands.ts`],
      ["renderToString", r2s],
    ],
    [["renderPage", render], ["assemble", render]],
    [
      ["renderPage", render],
      ["serialize", `${FILE}/framework/src/serializer/encode.ts`],
      ["escape", `${FILE}/framework/src/serializer/escape.ts`],
    ],
  ], [
    { stack: 0, dt: 5 },
    { stack: 1, dt: 7 },
    { stack: 2, dt: 11 },
    { stack: 3, dt: 13 },
  ]);
  deepStrictEqual(Object.fromEntries(attributeProfile(profile).us), {
    "<head> assembly": 16,
    [BODY_RENDER]: 7,
    "island props serialization": 13,
  });
});

Deno.test("only samples inside the window count", () => {
  const profile = profileOf([[["consume", `${FILE}/bench/budget.ts`]]], [
    { stack: 0, dt: 100 }, // at 1100
    { stack: 0, dt: 100 }, // at 1200
    { stack: 0, dt: 100 }, // at 1300
  ]);
  const { us, samples } = attributeProfile(profile, undefined, {
    from: 1150,
    to: 1300,
  });
  strictEqual(samples, 2);
  deepStrictEqual(Object.fromEntries(us), {
    "encoding: body to UTF-8 bytes": 200,
  });
});

Deno.test("the body render divides in the proportions of the hooks' times", () => {
  deepStrictEqual(
    Object.fromEntries(splitRender(100, { a: 1, b: 3 })),
    { a: 25, b: 75 },
  );
  deepStrictEqual(Object.fromEntries(splitRender(9, {})), {
    [BODY_RENDER]: 9,
  });
});

Deno.test("the table lists stages largest first, idle last without a share", () => {
  const rows = budgetRows(new Map([["a", 10], [IDLE, 99], ["b", 30]]));
  deepStrictEqual(rows.map((r) => [r.stage, r.us, r.share]), [
    ["b", 30, 0.75],
    ["a", 10, 0.25],
    [IDLE, 99, NaN],
  ]);
  strictEqual(
    renderBudgetTable(rows),
    [
      "| stage | µs per request | % of CPU |",
      "|---|---:|---:|",
      "| b | 30.0 | 75.0% |",
      "| a | 10.0 | 25.0% |",
      `| ${IDLE} | 99.0 | – |`,
      "| **total CPU (main thread)** | **40.0** | 100% |",
    ].join("\n"),
  );
});

Deno.test("V8's --trace-gc lines sum to their main-thread pauses", () => {
  const text = [
    "[1:0x5]     120 ms: Scavenge 5.1 (6.0) -> 4.2 (7.0) MB, 0.52 / 0.00 ms  (average mu = 1.000) allocation failure;",
    "unrelated line",
    "[1:0x5]     340 ms: Mark-Compact 9.0 (12.0) -> 6.0 (12.0) MB, pooled: 0.0 MB, 2.25 / 0.10 ms  (average mu = 0.9) finalize;",
  ].join("\n");
  deepStrictEqual(traceGcMs(text), { ms: 2.77, collections: 2 });
});

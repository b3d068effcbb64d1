import { deepStrictEqual } from "node:assert";
import {
  directionViolations,
  importCycles,
  type ImportGraph,
  islandViolations,
  projectGraph,
} from "./import_graph.ts";

const ROOT = new URL("../../", import.meta.url).href;

async function entries(): Promise<string[]> {
  const found = ["main.ts", "dev.ts", "fresh.gen.ts"];
  for (const dir of ["islands", "bench"]) {
    for await (const file of Deno.readDir(new URL(dir, ROOT))) {
      if (file.isFile && /\.tsx?$/.test(file.name)) {
        found.push(`${dir}/${file.name}`);
      }
    }
  }
  return found.sort();
}

function graphOf(edges: Record<string, string[]>): ImportGraph {
  return new Map(
    Object.entries(edges).map(([from, to]) => [from, new Set(to)]),
  );
}

Deno.test("the app's import graph has no cycle", async () => {
  const graph = await projectGraph(ROOT, await entries());
  deepStrictEqual(importCycles(graph), []);
});

Deno.test("the app's imports point one way: utils/ below components/ and routes/, framework/ below the app, the session and messages libraries free of the shop", async () => {
  const graph = await projectGraph(ROOT, await entries());
  deepStrictEqual(directionViolations(graph), []);
});

Deno.test("no island reaches server-only code", async () => {
  const islands = (await entries()).filter((e) => e.startsWith("islands/"));
  const graph = await projectGraph(ROOT, islands);
  deepStrictEqual(islands.flatMap((i) => islandViolations(graph, i)), []);
});

// The checks themselves, on small graphs: each must catch what it is for.
Deno.test("importCycles finds each cycle once, type-only edges included", () => {
  const cases: [Record<string, string[]>, string[][]][] = [
    [{ "a.ts": ["b.ts"], "b.ts": [] }, []],
    [{ "a.ts": ["a.ts"] }, [["a.ts"]]],
    [{ "a.ts": ["b.ts"], "b.ts": ["c.ts"], "c.ts": ["a.ts"] }, [[
      "a.ts",
      "b.ts",
      "c.ts",
    ]]],
    [
      { "a.ts": ["b.ts", "c.ts"], "b.ts": ["c.ts"], "c.ts": [], "d.ts": [] },
      [],
    ],
    [
      {
        "x.ts": ["y.ts"],
        "y.ts": ["x.ts", "z.ts"],
        "z.ts": ["w.ts"],
        "w.ts": ["z.ts"],
      },
      [["w.ts", "z.ts"], ["x.ts", "y.ts"]],
    ],
  ];
  for (const [edges, expected] of cases) {
    deepStrictEqual(
      importCycles(graphOf(edges)).sort((a, b) => a[0].localeCompare(b[0])),
      expected,
    );
  }
});

Deno.test("directionViolations refuses upward imports and only those", () => {
  const graph = graphOf({
    "utils/http/status_page.ts": ["components/StatusPage.tsx"],
    "utils/a.ts": ["routes/index.tsx", "islands/X.tsx", "utils/b.ts"],
    "framework/src/app.ts": ["utils/state.ts", "framework/src/router.ts"],
    "routes/index.tsx": ["utils/a.ts", "components/X.tsx"],
    "components/X.tsx": ["utils/state.ts"],
    "utils/session/middleware.ts": [
      "utils/state.ts",
      "utils/session/manager.ts",
      "utils/cookie.ts",
      "utils/kv/errors.ts",
      "utils/kv/db.ts",
      "framework/server.ts",
    ],
    "utils/messages/middleware.ts": [
      "utils/state.ts",
      "utils/session/mod.ts",
      "utils/shop/cart.ts",
    ],
  });
  deepStrictEqual(
    directionViolations(graph).map(({ from, to }) => `${from} -> ${to}`),
    [
      "utils/http/status_page.ts -> components/StatusPage.tsx",
      "utils/a.ts -> routes/index.tsx",
      "utils/a.ts -> islands/X.tsx",
      "framework/src/app.ts -> utils/state.ts",
      "utils/session/middleware.ts -> utils/state.ts",
      "utils/session/middleware.ts -> utils/kv/db.ts",
      "utils/messages/middleware.ts -> utils/state.ts",
      "utils/messages/middleware.ts -> utils/shop/cart.ts",
    ],
  );
});

Deno.test("islandViolations follows the chain to server-only code", () => {
  const graph = graphOf({
    "islands/A.tsx": ["utils/messages/client.ts", "components/C.ts"],
    "utils/messages/client.ts": ["utils/messages/level.ts"],
    "components/C.ts": ["utils/shop/helper.ts"],
    "utils/shop/helper.ts": ["utils/session/mod.ts", "utils/kv/db.ts"],
    "utils/session/mod.ts": ["utils/kv/db.ts"],
  });
  deepStrictEqual(
    islandViolations(graph, "islands/A.tsx").map(({ from, to }) =>
      `${from} -> ${to}`
    ),
    [
      "utils/shop/helper.ts -> utils/session/mod.ts",
      "utils/shop/helper.ts -> utils/kv/db.ts",
    ],
  );
});

import { deepStrictEqual, strictEqual } from "node:assert";
import { upstreamDenoJson } from "./upstream_project.ts";

Deno.test("the upstream copy changes only $fresh/ and adds upstream's URL map, as absolute paths", () => {
  const denoJson = {
    lock: true,
    tasks: { build: "deno run dev.ts build" },
    imports: { "$fresh/": "./framework/", preact: "npm:preact@10.29.8" },
  };
  const result = upstreamDenoJson(denoJson, {
    imports: {
      "$fresh/": "./fresh/",
      "https://deno.land/std@0.216.0/": "./std/",
      "https://deno.land/x/esbuild@v0.20.2/mod.js": "npm:esbuild@0.20.2",
    },
    scopes: { "./loader/": { "@std/fs": "./std/fs/mod.ts" } },
  }, "/up");
  deepStrictEqual(result, {
    lock: true,
    tasks: denoJson.tasks,
    imports: {
      "$fresh/": "/up/fresh/",
      preact: "npm:preact@10.29.8",
      "https://deno.land/std@0.216.0/": "/up/std/",
      "https://deno.land/x/esbuild@v0.20.2/mod.js": "npm:esbuild@0.20.2",
    },
    scopes: { "/up/loader/": { "@std/fs": "/up/std/fs/mod.ts" } },
  });
  strictEqual(denoJson.imports["$fresh/"], "./framework/", "input unchanged");
});

import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { dirname, join } from "node:path";
import {
  renderManifest,
  scanProject,
  writeManifest,
} from "../../framework/src/manifest.ts";

const MODULES = [
  "routes/index.tsx",
  "routes/_app.tsx",
  "routes/_middleware.ts",
  "routes/about.tsx",
  "routes/latest.tsx",
  "routes/blog/[slug].tsx",
  "routes/(shop)/cart.tsx",
  "routes/docs/[...path].tsx",
  "islands/Counter.tsx",
  "islands/nested/Toggle.tsx",
];

/** Files that live next to routes and islands but are not modules of the app. */
const IGNORED = [
  "routes/index_test.ts",
  "routes/blog/slug_test.tsx",
  "routes/api/x.test.ts",
  "routes/README.md",
  "routes/styles.css",
  "islands/Counter_test.tsx",
];

const EXPECTED = {
  routes: [
    "routes/(shop)/cart.tsx",
    "routes/_app.tsx",
    "routes/_middleware.ts",
    "routes/about.tsx",
    "routes/blog/[slug].tsx",
    "routes/docs/[...path].tsx",
    "routes/index.tsx",
    "routes/latest.tsx",
  ],
  islands: ["islands/Counter.tsx", "islands/nested/Toggle.tsx"],
};

async function project(files: string[]): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "fresh_manifest_test_" });
  for (const file of files) {
    await Deno.mkdir(dirname(join(root, file)), { recursive: true });
    await Deno.writeTextFile(join(root, file), "export {};\n");
  }
  return root;
}

async function denoFmtCheck(
  path: string,
): Promise<{ ok: boolean; out: string }> {
  const { success, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--check", path],
    cwd: dirname(path),
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    ok: success,
    out: decoder.decode(stdout) + decoder.decode(stderr),
  };
}

Deno.test("manifest: scanProject lists modules sorted, skipping tests and non-modules", async () => {
  const root = await project([...MODULES, ...IGNORED]);
  try {
    deepStrictEqual(await scanProject(root), EXPECTED);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("manifest: a project without routes/ or islands/ scans as empty", async () => {
  const root = await project([]);
  try {
    deepStrictEqual(await scanProject(root), { routes: [], islands: [] });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("manifest: output is deterministic and already deno fmt clean", async (t) => {
  // Same files, created in opposite orders: the output must not depend on
  // the order the file system lists them in.
  const a = await project([...MODULES, ...IGNORED]);
  const b = await project([...IGNORED, ...MODULES].reverse());
  try {
    const source = renderManifest(await scanProject(a));
    strictEqual(renderManifest(await scanProject(b)), source);
    strictEqual(renderManifest(await scanProject(a)), source);

    await t.step("imports and keys line up", () => {
      ok(source.includes('import * as $0 from "./routes/(shop)/cart.tsx";'));
      ok(
        source.includes('import * as $$1 from "./islands/nested/Toggle.tsx";'),
      );
      ok(source.includes('    "./routes/(shop)/cart.tsx": $0,'));
      ok(source.includes('    "./routes/latest.tsx": $7,'));
      ok(source.includes('    "./islands/Counter.tsx": $$0,'));
      ok(source.includes("  baseUrl: import.meta.url,"));
      ok(!source.includes("_test"), source);
      ok(!source.includes(".test."), source);
      ok(!source.includes("README"), source);
    });

    for (
      const [name, text] of [
        ["full project", source],
        ["empty project", renderManifest({ routes: [], islands: [] })],
      ]
    ) {
      await t.step(`deno fmt --check: ${name}`, async () => {
        const file = join(a, "fresh.gen.ts");
        await Deno.writeTextFile(file, text);
        const result = await denoFmtCheck(file);
        ok(result.ok, result.out);
      });
    }
  } finally {
    await Deno.remove(a, { recursive: true });
    await Deno.remove(b, { recursive: true });
  }
});

Deno.test("manifest: writeManifest writes only when the content changes", async () => {
  const root = await project(MODULES);
  try {
    strictEqual(await writeManifest(root), true);
    const written = await Deno.readTextFile(join(root, "fresh.gen.ts"));
    strictEqual(written, renderManifest(EXPECTED));
    strictEqual(await writeManifest(root), false);

    await Deno.writeTextFile(join(root, "routes/new.tsx"), "export {};\n");
    strictEqual(await writeManifest(root), true);
    ok(
      (await Deno.readTextFile(join(root, "fresh.gen.ts"))).includes(
        '"./routes/new.tsx"',
      ),
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

import { deepStrictEqual } from "node:assert";

const ROOT = new URL("../../", import.meta.url);

/** Lines a source file may have before it must say why it is longer. */
const MAX_LINES = 350;

/** How far from the top the `// Long file: <reason>` line may sit. */
const REASON_WITHIN = 5;

/** Folders that hold no hand-written app source, or only tests. */
const SKIP = new Set([
  ".git",
  "_fresh",
  "data",
  "node_modules",
  "tests",
  "bench/peers",
  "bench/results",
]);

async function* sourceFiles(root: URL, dir = ""): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(new URL(dir || ".", root))) {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory && !SKIP.has(path)) yield* sourceFiles(root, path);
    if (entry.isFile && /\.tsx?$/.test(entry.name)) yield path;
  }
}

/** The source files under `root` over the limit whose top gives no reason. */
async function unexplainedLongFiles(root: URL): Promise<string[]> {
  const found: string[] = [];
  for await (const path of sourceFiles(root)) {
    const lines = (await Deno.readTextFile(new URL(path, root))).split("\n");
    if (lines.at(-1) === "") lines.pop();
    if (lines.length <= MAX_LINES) continue;
    const reason = lines.slice(0, REASON_WITHIN).some((line) =>
      /^\/\/ Long file: \S/.test(line)
    );
    if (!reason) found.push(`${path} (${lines.length} lines)`);
  }
  return found.sort();
}

Deno.test(`no source file outside tests/ exceeds ${MAX_LINES} lines without a "// Long file: <reason>" line at its top`, async () => {
  deepStrictEqual(await unexplainedLongFiles(ROOT), []);
});

Deno.test("the length check flags a long file without a reason, and only that", async () => {
  const dir = await Deno.makeTempDir();
  const root = new URL(`file://${dir}/`);
  const body = (n: number) => "x;\n".repeat(n);
  const files: Record<string, string> = {
    "short.ts": body(MAX_LINES),
    "long.ts": body(MAX_LINES + 1),
    "utils/long.tsx": "/**\n * A module.\n */\n" + body(MAX_LINES),
    "utils/explained.ts": "// Long file: one table.\n" + body(MAX_LINES),
    "utils/empty_reason.ts": "// Long file: \n" + body(MAX_LINES),
    "utils/late_reason.ts": body(REASON_WITHIN) + "// Long file: late.\n" +
      body(MAX_LINES),
    "tests/long_test.ts": body(MAX_LINES + 1),
    "notes.md": body(MAX_LINES + 1),
  };
  try {
    for (const [path, text] of Object.entries(files)) {
      await Deno.mkdir(new URL(".", new URL(path, root)), { recursive: true });
      await Deno.writeTextFile(new URL(path, root), text);
    }
    deepStrictEqual(await unexplainedLongFiles(root), [
      "long.ts (351 lines)",
      "utils/empty_reason.ts (351 lines)",
      "utils/late_reason.ts (356 lines)",
      "utils/long.tsx (353 lines)",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/**
 * `routes/` and `components/` are compiled with the `precompile` JSX
 * transform (their deno.json), which turns markup into string templates
 * that only preact-render-to-string understands. Islands are bundled for
 * the browser, so no JSX module they import may come from those folders:
 * the island would render nothing once hydrated. This walks each island's
 * module graph, as Deno resolves it, to keep that boundary.
 */
import { deepStrictEqual, ok } from "node:assert";
import { fileURLToPath } from "node:url";

const ROOT = new URL("../../", import.meta.url);

async function precompiledFolders(): Promise<string[]> {
  const root = JSON.parse(
    await Deno.readTextFile(new URL("deno.json", ROOT)),
  ) as { workspace?: string[] };
  const folders: string[] = [];
  for (const member of root.workspace ?? []) {
    const config = JSON.parse(
      await Deno.readTextFile(new URL(`${member}/deno.json`, ROOT)),
    ) as { compilerOptions?: { jsx?: string } };
    if (config.compilerOptions?.jsx === "precompile") {
      folders.push(member.replace(/^\.\//, "").replace(/\/?$/, "/"));
    }
  }
  return folders;
}

async function localModules(entry: URL): Promise<string[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", fileURLToPath(entry)],
    cwd: fileURLToPath(ROOT),
    stdout: "piped",
    stderr: "piped",
  }).output();
  ok(out.success, new TextDecoder().decode(out.stderr));
  const graph = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    modules: { specifier: string }[];
  };
  return graph.modules
    .map((m) => m.specifier)
    .filter((s) => s.startsWith(ROOT.href))
    .map((s) => s.slice(ROOT.href.length));
}

Deno.test("no island pulls a precompiled JSX module into the browser", async () => {
  const folders = await precompiledFolders();
  deepStrictEqual(folders.sort(), ["components/", "routes/"]);
  const islands: string[] = [];
  for await (const entry of Deno.readDir(new URL("islands/", ROOT))) {
    if (entry.isFile && /\.[jt]sx?$/.test(entry.name)) {
      islands.push(`islands/${entry.name}`);
    }
  }
  ok(islands.length > 0);
  const offenders: string[] = [];
  for (const island of islands) {
    for (const module of await localModules(new URL(island, ROOT))) {
      if (
        /\.[jt]sx$/.test(module) &&
        folders.some((folder) => module.startsWith(folder))
      ) {
        offenders.push(`${island} imports ${module}`);
      }
    }
  }
  deepStrictEqual(offenders, []);
});

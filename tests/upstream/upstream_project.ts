/**
 * A copy of the project whose `$fresh/` alias points at upstream Fresh
 * 1.7.3 instead of `framework/`: the one difference between the two
 * runtimes, plus the URL map upstream's own imports need.
 *
 * The copy lives in a temporary folder so that the repository's
 * `deno.json`, `deno.lock` and `_fresh/` never change under other runs.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The project root (the folder with `deno.json`). */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Where upstream lives unless `FRESH_UPSTREAM_DIR` says otherwise. */
export const DEFAULT_UPSTREAM_DIR = "../shared/fresh-1.7.3";

/**
 * The upstream folder, from `FRESH_UPSTREAM_DIR` (relative paths are taken
 * from the project root), or `null` when it has no `import_map.json`.
 */
export async function findUpstream(
  env: Pick<Deno.Env, "get"> = Deno.env,
): Promise<string | null> {
  const dir = resolve(
    ROOT,
    env.get("FRESH_UPSTREAM_DIR") ?? DEFAULT_UPSTREAM_DIR,
  );
  try {
    await Deno.stat(join(dir, "import_map.json"));
    return dir;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

interface ImportMap {
  imports?: Record<string, string>;
  scopes?: Record<string, Record<string, string>>;
}

/** Makes a path of `map` (relative to `base`) absolute; leaves `npm:` alone. */
function absolute(target: string, base: string): string {
  if (!target.startsWith("./") && !target.startsWith("../")) return target;
  const path = resolve(base, target);
  return target.endsWith("/") ? path + "/" : path;
}

/**
 * The project's `deno.json`, with `$fresh/` and upstream's URL map pointing
 * at the folder `upstream`. Nothing else changes.
 */
export function upstreamDenoJson(
  denoJson: Record<string, unknown> & { imports: Record<string, string> },
  upstreamMap: ImportMap,
  upstream: string,
): Record<string, unknown> {
  const imports = { ...denoJson.imports };
  for (const [from, to] of Object.entries(upstreamMap.imports ?? {})) {
    imports[from] = absolute(to, upstream);
  }
  const scopes: Record<string, Record<string, string>> = {};
  for (const [scope, map] of Object.entries(upstreamMap.scopes ?? {})) {
    const entries = Object.entries(map).map(([from, to]) =>
      [from, absolute(to, upstream)] as const
    );
    scopes[absolute(scope, upstream)] = Object.fromEntries(entries);
  }
  // The copy keeps the project's lock file (upstream's packages are added
  // to the copy's): without it Deno resolves Preact a second time for
  // upstream's preact-render-to-string, and two Preacts render nothing.
  return { ...denoJson, imports, scopes };
}

/** What a copy needs: the app, its tests, and our runtime for the other copy. */
const PROJECT_FILES = [
  "deno.json",
  "deno.lock",
  "main.ts",
  "dev.ts",
  "fresh.gen.ts",
  "fresh.config.ts",
  "routes",
  "islands",
  "components",
  "utils",
  "framework",
  "static",
  "tasks",
  "tests",
];

/**
 * Copies the project into a new temporary folder; with `upstream`, its
 * `deno.json` points `$fresh/` there. Returns the copy's path.
 */
export async function copyProject(upstream?: string): Promise<string> {
  const dir = await Deno.makeTempDir({
    prefix: upstream ? "upstream-" : "ours-",
  });
  for (const name of PROJECT_FILES) {
    await copy(join(ROOT, name), join(dir, name));
  }
  if (upstream) {
    const denoJson = JSON.parse(
      await Deno.readTextFile(join(ROOT, "deno.json")),
    );
    const map = JSON.parse(
      await Deno.readTextFile(join(upstream, "import_map.json")),
    );
    await Deno.writeTextFile(
      join(dir, "deno.json"),
      JSON.stringify(upstreamDenoJson(denoJson, map, upstream), null, 2) + "\n",
    );
  }
  return dir;
}

async function copy(from: string, to: string): Promise<void> {
  const info = await Deno.lstat(from);
  if (info.isSymlink) return;
  if (!info.isDirectory) return await Deno.copyFile(from, to);
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    await copy(join(from, entry.name), join(to, entry.name));
  }
}

/**
 * Prints the folders `deno task build` and `deno task dev` may write to,
 * comma-separated for `--allow-write=`: the `build.outDir` of
 * `fresh.config.ts` when it sets one, plus the two places upstream Fresh
 * 1.7.3's build writes when `$fresh/` points there: a temporary folder
 * (the working folder of its `deno info`) and Deno's cache folder (its
 * esbuild loader links npm packages there).
 *
 * @example deno.json
 * ```json
 * "build": "deno run --allow-write=./_fresh,$(deno run -q --allow-env tasks/build_writes.ts) dev.ts build"
 * ```
 *
 * @module
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Where `Deno.makeTempDir()` puts its folders (Rust's `env::temp_dir`). */
export function tempFolder(
  env: Pick<Deno.Env, "get">,
  os: typeof Deno.build.os,
): string {
  if (os === "windows") {
    return env.get("TMP") ?? env.get("TEMP") ?? env.get("USERPROFILE") ??
      "C:\\Windows\\Temp";
  }
  return env.get("TMPDIR") || "/tmp";
}

/** Deno's cache folder (`deno info` shows it as "DENO_DIR location"). */
export function denoFolder(
  env: Pick<Deno.Env, "get">,
  os: typeof Deno.build.os,
): string | undefined {
  const configured = env.get("DENO_DIR");
  if (configured) return configured;
  const home = env.get("HOME");
  if (os === "darwin") return home && `${home}/Library/Caches/deno`;
  if (os === "windows") {
    const local = env.get("LOCALAPPDATA");
    return local && `${local}\\deno`;
  }
  const cache = env.get("XDG_CACHE_HOME") || (home && `${home}/.cache`);
  return cache ? `${cache}/deno` : undefined;
}

/**
 * The extra paths upstream Fresh's build writes to. In Deno's cache it
 * writes `deno_esbuild/` and hard-links npm packages into it from `npm/`,
 * and `Deno.link` needs write access to the files it links from.
 */
export function upstreamBuildWrites(
  env: Pick<Deno.Env, "get">,
  os: typeof Deno.build.os,
): string[] {
  const deno = denoFolder(env, os);
  return deno ? [tempFolder(env, os), deno] : [tempFolder(env, os)];
}

/**
 * The folder `fresh.config.ts`'s `build.outDir` names, resolved against the
 * project's root as the runtime resolves it, or undefined when unset (the
 * build task grants `./_fresh` itself).
 */
export function configuredOutDir(
  config: { build?: { outDir?: string } },
  root: string,
): string | undefined {
  const outDir = config.build?.outDir;
  return outDir ? resolve(root, outDir) : undefined;
}

if (import.meta.main) {
  const { default: config } = await import("../fresh.config.ts");
  const root = fileURLToPath(new URL("../", import.meta.url));
  const outDir = configuredOutDir(config, root);
  const writes = upstreamBuildWrites(Deno.env, Deno.build.os);
  console.log((outDir ? [outDir, ...writes] : writes).join(","));
}

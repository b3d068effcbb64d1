/**
 * Prints the folders `deno task build` and `deno task dev` may write to,
 * comma-separated for `--allow-write=`: the build's own outputs plus the
 * two places upstream Fresh 1.7.3's build writes when `$fresh/` points
 * there (a temporary folder for `deno info`, and the esbuild loader's
 * links to npm packages inside Deno's cache folder).
 *
 * @example deno.json
 * ```json
 * "build": "deno run --allow-write=./_fresh,$(deno run -q --allow-env tasks/build_writes.ts) dev.ts build"
 * ```
 *
 * @module
 */

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

/** The extra paths upstream Fresh's build writes to. */
export function upstreamBuildWrites(
  env: Pick<Deno.Env, "get">,
  os: typeof Deno.build.os,
): string[] {
  const paths = [tempFolder(env, os)];
  const deno = denoFolder(env, os);
  if (deno) {
    const sep = os === "windows" ? "\\" : "/";
    paths.push(`${deno}${sep}deno_esbuild`, `${deno}${sep}deno_esbuild_tmp`);
  }
  return paths;
}

if (import.meta.main) {
  console.log(upstreamBuildWrites(Deno.env, Deno.build.os).join(","));
}

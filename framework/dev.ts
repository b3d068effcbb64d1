/**
 * `$fresh/dev.ts`: regenerates `fresh.gen.ts`, then either writes an
 * ahead-of-time build (`dev.ts build`) or starts the app in dev mode.
 *
 * @example
 * ```ts
 * // dev.ts at the project root
 * import dev from "$fresh/dev.ts";
 * import config from "./fresh.config.ts";
 * await dev(import.meta.url, "./main.ts", config);
 * ```
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleClient, writeBundle } from "./src/client_bundle.ts";
import { resolveConfig } from "./src/config.ts";
import { writeManifest } from "./src/manifest.ts";
import type { FreshConfig, Manifest } from "./types.ts";

/**
 * @param base `import.meta.url` of the project's `dev.ts`.
 * @param entrypoint The module that calls `start()`, relative to `base`.
 * @param config The app's config, used by the build.
 */
export async function dev(
  base: string,
  entrypoint: string,
  config: FreshConfig = {},
): Promise<void> {
  const root = dirname(fileURLToPath(base));
  const changed = await writeManifest(root);
  if (changed) console.log("Updated fresh.gen.ts");

  if (Deno.args.includes("build")) {
    await build(root, config);
    return;
  }
  (globalThis as { __FRSH_DEV?: boolean }).__FRSH_DEV = true;
  await import(new URL(entrypoint, base).href);
}

/** Writes the client bundles for the manifest's islands to `_fresh/`. */
async function build(root: string, config: FreshConfig): Promise<void> {
  const manifestUrl = pathToFileURL(join(root, "fresh.gen.ts")).href;
  const manifest = (await import(manifestUrl)).default as Manifest;
  const resolved = resolveConfig(manifest.baseUrl, config, false);
  const islandFiles = Object.keys(manifest.islands);
  const bundle = await bundleClient(root, islandFiles);
  await writeBundle(resolved.build.outDir, bundle);
  console.log(
    `Built ${bundle.files.size} client files for ${islandFiles.length} island modules into ${resolved.build.outDir}`,
  );
}

export default dev;

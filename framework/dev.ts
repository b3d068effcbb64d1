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
import { scanProject, writeManifest } from "./src/manifest.ts";
import type { FreshConfig } from "./types.ts";

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

/**
 * Writes the client bundles of the project's islands to `_fresh/`. It lists
 * the island files instead of importing the manifest, so that building never
 * runs app code (which may open databases at import time).
 */
async function build(root: string, config: FreshConfig): Promise<void> {
  const baseUrl = pathToFileURL(join(root, "fresh.gen.ts")).href;
  const resolved = resolveConfig(baseUrl, config, false);
  const { islands } = await scanProject(root);
  const islandFiles = islands.map((file) => `./${file}`);
  const bundle = await bundleClient(root, islandFiles);
  await writeBundle(resolved.build.outDir, bundle);
  console.log(
    `Built ${bundle.files.size} client files for ${islandFiles.length} island modules into ${resolved.build.outDir}`,
  );
}

export default dev;

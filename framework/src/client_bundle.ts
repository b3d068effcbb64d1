/**
 * Client bundles for islands: built with Deno's own bundler (`Deno.bundle`,
 * esbuild underneath) with code splitting, so Preact and @preact/signals
 * load once and are shared by every island, which keeps one signal one
 * signal across islands.
 *
 * Entry points are the boot module plus every island file. The bundler
 * names outputs after their path below the entry points' common folder,
 * which is how the server knows the URL of each island's module.
 *
 * @module
 */
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { BUILD_ID } from "./build_id.ts";
import { etagOf, matchesEtag } from "./etag.ts";
import type { ClientScripts } from "./render.ts";

/** Bundled files by path below the bundle root, plus how to boot them. */
export interface ClientBundle {
  bootPath: string;
  /** Bundle path of each island file, keyed by path relative to the root. */
  islands: Record<string, string>;
  files: Map<string, Uint8Array<ArrayBuffer>>;
}

/** The file `deno task build` writes next to the bundles. */
interface Snapshot {
  version: 1;
  bootPath: string;
  /** Bundle path of each island file, keyed by path relative to the root. */
  islands: Record<string, string>;
  files: string[];
}

const SNAPSHOT_FILE = "snapshot.json";
const BOOT_SOURCE = fileURLToPath(
  new URL("../client/boot.ts", import.meta.url),
);
const JS_EXTENSION = /\.(?:tsx|ts|jsx|js|mts|mjs)$/;

/**
 * Bundles the boot module and the island files in memory.
 *
 * @param root The project root.
 * @param islandFiles Island files relative to `root`.
 */
export async function bundleClient(
  root: string,
  islandFiles: string[],
): Promise<ClientBundle> {
  const bundle = (Deno as { bundle?: typeof Deno.bundle }).bundle;
  if (typeof bundle !== "function") {
    throw new Error(
      "Islands need a client bundle, but Deno.bundle is unavailable. Run with `--unstable-bundle` (deno.json lists it), or run `deno task build` first.",
    );
  }
  const islandSources = islandFiles.map((file) => join(root, file));
  const entrypoints = [BOOT_SOURCE, ...islandSources];
  const outbase = commonFolder(entrypoints);
  const outputDir = join(outbase, "__bundle__");
  const result = await bundle({
    entrypoints,
    outputDir,
    codeSplitting: true,
    format: "esm",
    platform: "browser",
    minify: true,
    write: false,
  });
  if (!result.success || !result.outputFiles) {
    const reasons = result.errors.map((e) => e.text).join("\n");
    throw new Error(`Bundling islands failed:\n${reasons}`);
  }
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  for (const file of result.outputFiles) {
    const path = relative(outputDir, file.path).split(sep).join("/");
    files.set(
      path,
      new Uint8Array(file.contents ?? new TextEncoder().encode(file.text())),
    );
  }
  const islands: Record<string, string> = {};
  islandFiles.forEach((file, i) => {
    islands[normalise(file)] = outputPath(outbase, islandSources[i]);
  });
  const bootPath = outputPath(outbase, BOOT_SOURCE);
  for (const path of [bootPath, ...Object.values(islands)]) {
    if (!files.has(path)) {
      throw new Error(`The bundler wrote no module ${path}`);
    }
  }
  return { bootPath, islands, files };
}

/** Writes `bundle` to `outDir` for `start()` to load later. */
export async function writeBundle(
  outDir: string,
  bundle: ClientBundle,
): Promise<void> {
  await Deno.remove(outDir, { recursive: true }).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
  for (const [path, bytes] of bundle.files) {
    const target = join(outDir, "js", path);
    await Deno.mkdir(dirname(target), { recursive: true });
    await Deno.writeFile(target, bytes);
  }
  const snapshot: Snapshot = {
    version: 1,
    bootPath: bundle.bootPath,
    islands: bundle.islands,
    files: [...bundle.files.keys()].sort(),
  };
  await Deno.writeTextFile(
    join(outDir, SNAPSHOT_FILE),
    JSON.stringify(snapshot, null, 2) + "\n",
  );
}

/**
 * Loads an ahead-of-time build. Returns `null` when there is none, and
 * throws when it exists but was built from other islands than the app has.
 */
export async function loadBundle(
  outDir: string,
  islandFiles: string[],
): Promise<ClientBundle | null> {
  let snapshot: Snapshot;
  try {
    snapshot = JSON.parse(
      await Deno.readTextFile(join(outDir, SNAPSHOT_FILE)),
    );
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  const expected = islandFiles.map(normalise).sort();
  const built = Object.keys(snapshot.islands).sort();
  if (expected.join("\n") !== built.join("\n")) {
    throw new Error(
      `The build in ${outDir} is stale: it has islands ${
        built.join(", ") || "(none)"
      } but the app has ${
        expected.join(", ") || "(none)"
      }. Run \`deno task build\`.`,
    );
  }
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  for (const path of snapshot.files) {
    files.set(path, await Deno.readFile(join(outDir, "js", path)));
  }
  return { bootPath: snapshot.bootPath, islands: snapshot.islands, files };
}

/** Serves `/_frsh/js/<BUILD_ID>/<path>` from a bundle held in memory. */
export class BundleServer {
  readonly scripts: ClientScripts;
  #files: Map<string, { bytes: Uint8Array<ArrayBuffer>; etag: string }>;
  #prefix: string;

  constructor(bundle: ClientBundle, basePath: string) {
    this.#prefix = `${basePath}/_frsh/js/${BUILD_ID}/`;
    this.scripts = {
      baseUrl: this.#prefix,
      bootPath: bundle.bootPath,
      buildId: BUILD_ID,
    };
    this.#files = new Map();
    for (const [path, bytes] of bundle.files) {
      this.#files.set(path, { bytes, etag: etagOf(bytes) });
    }
  }

  serve(req: Request, url: URL): Response {
    if (req.method !== "GET" && req.method !== "HEAD") {
      return new Response("Method Not Allowed", {
        status: 405,
        headers: {
          allow: "GET, HEAD",
          "content-type": "text/plain; charset=utf-8",
        },
      });
    }
    const file = url.pathname.startsWith(this.#prefix)
      ? this.#files.get(url.pathname.slice(this.#prefix.length))
      : undefined;
    if (!file) {
      return new Response("Not Found", {
        status: 404,
        headers: { "content-type": "text/plain; charset=utf-8" },
      });
    }
    const headers = new Headers({
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=31536000, immutable",
      etag: file.etag,
    });
    if (matchesEtag(req.headers.get("if-none-match"), file.etag)) {
      return new Response(null, { status: 304, headers });
    }
    headers.set("content-length", String(file.bytes.byteLength));
    return new Response(req.method === "HEAD" ? null : file.bytes, { headers });
  }
}

/** `./islands/A.tsx` and `islands/A.tsx` name the same file. */
function normalise(file: string): string {
  return file.replace(/^\.\//, "");
}

function outputPath(outbase: string, source: string): string {
  return relative(outbase, source).split(sep).join("/").replace(
    JS_EXTENSION,
    ".js",
  );
}

/** The deepest folder that holds every path, as esbuild's `outbase`. */
function commonFolder(paths: string[]): string {
  let common = dirname(paths[0]).split(sep);
  for (const path of paths.slice(1)) {
    const parts = dirname(path).split(sep);
    let i = 0;
    while (i < common.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join(sep) || sep;
}

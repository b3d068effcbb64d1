/**
 * Serves `static/`. The folder is indexed once at start-up, so a request
 * can only ever reach a file that was in that index: no path from the URL
 * is handed to the file system, which rules out traversal.
 *
 * @module
 */
import { extname, join, relative, sep } from "node:path";
import { ASSET_CACHE_BUST_KEY } from "../runtime.ts";
import { etagOf, matchesEtag } from "./etag.ts";

interface StaticFile {
  path: string;
  contentType: string;
  etag: string;
  size: number;
  /** Kept in memory when small; larger files are streamed from disk. */
  bytes?: Uint8Array<ArrayBuffer>;
}

const IN_MEMORY_LIMIT = 512 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".html": "text/html; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".webmanifest": "application/manifest+json",
  ".xml": "application/xml",
  ".map": "application/json",
};

/** The files of one static folder, by URL path. */
export class StaticFiles {
  #files: Map<string, StaticFile>;

  private constructor(files: Map<string, StaticFile>) {
    this.#files = files;
  }

  /** Indexes `dir`; a missing folder is an empty index. */
  static async load(dir: string): Promise<StaticFiles> {
    const files = new Map<string, StaticFile>();
    try {
      await walk(dir, dir, files);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    return new StaticFiles(files);
  }

  /** Whether `pathname` (still percent-encoded) names a static file. */
  has(pathname: string): boolean {
    return this.#lookup(pathname) !== undefined;
  }

  /**
   * Answers a GET or HEAD for a path that `has()` accepted.
   *
   * @param pathname The path below the app's `basePath`, as given to
   *   `has()`; `url.pathname` would still carry the prefix.
   */
  async serve(req: Request, url: URL, pathname: string): Promise<Response> {
    const file = this.#lookup(pathname);
    if (!file) return new Response("Not Found", { status: 404 });
    const headers = new Headers({
      "content-type": file.contentType,
      etag: file.etag,
      // asset() URLs change with every build, so they may be cached forever;
      // other paths revalidate with the ETag on every use.
      "cache-control": url.searchParams.has(ASSET_CACHE_BUST_KEY)
        ? "public, max-age=31536000, immutable"
        : "public, max-age=0, must-revalidate",
    });
    if (matchesEtag(req.headers.get("if-none-match"), file.etag)) {
      return new Response(null, { status: 304, headers });
    }
    headers.set("content-length", String(file.size));
    if (req.method === "HEAD") return new Response(null, { headers });
    const body = file.bytes ?? (await Deno.open(file.path)).readable;
    return new Response(body, { headers });
  }

  #lookup(pathname: string): StaticFile | undefined {
    const direct = this.#files.get(pathname);
    if (direct || !pathname.includes("%")) return direct;
    try {
      return this.#files.get(decodeURIComponent(pathname));
    } catch {
      return undefined;
    }
  }
}

async function walk(
  root: string,
  dir: string,
  files: Map<string, StaticFile>,
): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) {
      await walk(root, path, files);
    } else if (entry.isFile) {
      const bytes = await Deno.readFile(path);
      const urlPath = "/" + relative(root, path).split(sep).join("/");
      files.set(urlPath, {
        path,
        contentType: CONTENT_TYPES[extname(path).toLowerCase()] ??
          "application/octet-stream",
        etag: etagOf(bytes),
        size: bytes.byteLength,
        bytes: bytes.byteLength <= IN_MEMORY_LIMIT ? bytes : undefined,
      });
    }
  }
}

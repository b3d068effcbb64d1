/**
 * Where the app's Deno KV lives, read from `KV_PATH` and checked before
 * anything opens it, and the permissions that location needs. Pure, so
 * that the launcher (`tasks/launch.ts`) can derive the child's `--allow-*`
 * flags from it, and `db.ts` opens what it names.
 *
 * @see https://github.com/denoland/denokv/blob/main/proto/kv-connect.md
 * @module
 */
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { ConfigError } from "../config_error.ts";

/** Anything with `get(name)`, such as `Deno.env` or a `Map`. */
export interface EnvReader {
  get(name: string): string | undefined;
}

/** Where `deno task start` keeps its data when nothing else is configured. */
export const DEFAULT_KV_PATH = "./data/app.kv";

/** A resolved `KV_PATH`. */
export type KvLocation =
  | { kind: "memory" }
  /** Deno Deploy's managed KV (`Deno.openKv()` with no argument). */
  | { kind: "platform" }
  /** `file` and its `folder`, both absolute. */
  | { kind: "file"; file: string; folder: string }
  /** `hosts` are `host:port` pairs the app must reach. */
  | { kind: "remote"; url: string; hosts: string[] };

// A scheme followed by "//": a URL rather than a file path. (A Windows
// drive letter has no "//" after its colon.)
const URL_RE = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Resolves `KV_PATH` (and, for a remote database, `KV_CONNECT_HOSTS` and
 * `DENO_KV_ACCESS_TOKEN`) into a {@linkcode KvLocation}:
 *
 * - `:memory:`: a throwaway database, no permission needed;
 * - an `http://` or `https://` URL: a remote database over KV Connect (a
 *   self-hosted `denokv`, or Deno Deploy KV from outside Deploy), with the
 *   token in `DENO_KV_ACCESS_TOKEN`; network access to its host;
 * - anything else: a file path (relative to the project root), whose folder
 *   the app may read and write, as SQLite keeps its `-wal` and `-shm` files
 *   beside the database;
 * - unset: `./data/app.kv`, or on Deno Deploy the project's own KV.
 *
 * @param env Where to read the variables.
 * @param root The project root (absolute): relative paths start there,
 *   and the app never gets write access to it.
 * @throws {ConfigError} naming `KV_PATH` and the fix, for a value that
 *   cannot work.
 * @example
 * ```ts
 * resolveKvLocation(new Map([["KV_PATH", "/var/lib/shop/app.kv"]]), "/srv/shop");
 * // { kind: "file", file: "/var/lib/shop/app.kv", folder: "/var/lib/shop" }
 * ```
 */
export function resolveKvLocation(env: EnvReader, root: string): KvLocation {
  const raw = env.get("KV_PATH")?.trim() ?? "";
  if (raw === "") {
    return env.get("DENO_DEPLOYMENT_ID")
      ? { kind: "platform" }
      : fileLocation(DEFAULT_KV_PATH, root);
  }
  if (raw === ":memory:") return { kind: "memory" };
  if (URL_RE.test(raw)) return remoteLocation(raw, env);
  return fileLocation(raw, root);
}

function remoteLocation(raw: string, env: EnvReader): KvLocation {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      `KV_PATH=${raw} is not a valid URL: give an http(s):// KV Connect URL, a file path or :memory:.`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(
      `KV_PATH=${raw} uses ${url.protocol}, which Deno KV cannot open: give an http(s):// KV Connect URL, a file path or :memory:.`,
    );
  }
  if (url.username || url.password) {
    throw new ConfigError(
      "KV_PATH must not carry credentials: put the access token in DENO_KV_ACCESS_TOKEN instead.",
    );
  }
  if (!env.get("DENO_KV_ACCESS_TOKEN")) {
    throw new ConfigError(
      `KV_PATH=${url.href} is a remote database: set DENO_KV_ACCESS_TOKEN to its access token.`,
    );
  }
  const hosts = [hostPort(url)];
  for (const extra of (env.get("KV_CONNECT_HOSTS") ?? "").split(",")) {
    const host = extra.trim();
    if (host === "") continue;
    if (!/^(?:\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::[0-9]{1,5})?$/i.test(host)) {
      throw new ConfigError(
        `KV_CONNECT_HOSTS entry ${
          JSON.stringify(host)
        } is not a host or host:port.`,
      );
    }
    hosts.push(host);
  }
  return { kind: "remote", url: url.href, hosts: [...new Set(hosts)] };
}

function hostPort(url: URL): string {
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return `${url.hostname}:${port}`;
}

function fileLocation(raw: string, root: string): KvLocation {
  if (raw.includes(",")) {
    // Permission flags are comma-separated lists.
    throw new ConfigError(
      `KV_PATH=${raw} contains a comma, which a --allow-write list cannot express: choose a path without one.`,
    );
  }
  if (/[\\/]$/.test(raw)) {
    throw new ConfigError(
      `KV_PATH=${raw} names a folder: give the database file in it, e.g. ${
        raw.replace(/[\\/]+$/, "")
      }/app.kv.`,
    );
  }
  const file = resolve(root, raw);
  const folder = dirname(file);
  const fromFolder = relative(folder, resolve(root));
  if (
    fromFolder === "" ||
    (!fromFolder.startsWith("..") && !isAbsolute(fromFolder))
  ) {
    throw new ConfigError(
      `KV_PATH=${raw} would give the app write access to ${folder}, which holds its own code: put the file in a folder of its own, e.g. ./data/app.kv or /var/lib/shop/app.kv.`,
    );
  }
  // Inside the project only ./data is the app's to write: static/ would
  // serve the database to anyone, and the other folders are code or build.
  const fromRoot = relative(resolve(root), folder);
  const insideProject = fromRoot.split(/[\\/]/)[0] !== ".." &&
    !isAbsolute(fromRoot);
  if (insideProject && !/^data(?:[\\/]|$)/.test(fromRoot)) {
    throw new ConfigError(
      `KV_PATH=${raw} puts the database in ${folder}, a folder of the project the app would then write to (and static/ serves to anyone): keep it under ./data/, e.g. ./data/app.kv, or outside the project, e.g. /var/lib/shop/app.kv.`,
    );
  }
  return { kind: "file", file, folder };
}

/** The permissions a {@linkcode KvLocation} needs, as flag values. */
export interface KvPermissions {
  read: string[];
  write: string[];
  net: string[];
}

/**
 * What the app must be allowed to reach for its KV, no more: the file's
 * folder (read and write), the remote host, or nothing. The environment
 * permission for `DENO_KV_ACCESS_TOKEN` is part of the app's `--allow-env`.
 *
 * @param location From {@linkcode resolveKvLocation}.
 */
export function kvPermissions(location: KvLocation): KvPermissions {
  switch (location.kind) {
    case "file":
      return { read: [location.folder], write: [location.folder], net: [] };
    case "remote":
      return { read: [], write: [], net: location.hosts };
    default:
      return { read: [], write: [], net: [] };
  }
}

/**
 * The argument for `Deno.openKv`: `undefined` for the platform's own.
 *
 * @param location From {@linkcode resolveKvLocation}.
 */
export function openKvArgument(location: KvLocation): string | undefined {
  switch (location.kind) {
    case "memory":
      return ":memory:";
    case "platform":
      return undefined;
    case "file":
      return location.file;
    case "remote":
      return location.url;
  }
}

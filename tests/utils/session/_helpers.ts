/**
 * Shared test helpers: real Deno KV handles (in memory or in a unique temp
 * file), a thin counting wrapper around a real KV, a fault injector that
 * makes a real KV throw "database is locked", a fake clock, and a minimal
 * Fresh-like context.
 *
 * @module
 */
import type { SessionLogger } from "../../../utils/session/logger.ts";
import type { SessionManager } from "../../../utils/session/manager.ts";
import type { Session } from "../../../utils/session/session.ts";

/** Operation counts seen by {@linkcode countingKv}. */
export interface KvCounts {
  get: number;
  getMany: number;
  list: number;
  set: number;
  delete: number;
  commit: number;
}

/** Total reads (get, getMany, list). */
export function reads(counts: KvCounts): number {
  return counts.get + counts.getMany + counts.list;
}

/** Total writes (set, delete, atomic commits). */
export function writes(counts: KvCounts): number {
  return counts.set + counts.delete + counts.commit;
}

type Hook = (method: string) => void;

// Returns a proxy of an AtomicOperation whose chained calls stay proxied
// and whose commit goes through `hook` first.
function wrapAtomic(
  op: Deno.AtomicOperation,
  hook: Hook,
): Deno.AtomicOperation {
  const proxy: Deno.AtomicOperation = new Proxy(op, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (prop === "commit") hook("commit");
        const result = value.apply(target, args);
        return result === target ? proxy : result;
      };
    },
  });
  return proxy;
}

/**
 * Wraps a real KV so that every get/getMany/list/set/delete/commit first
 * calls `hook` (which may count, or throw).
 */
export function hookedKv(kv: Deno.Kv, hook: Hook): Deno.Kv {
  return new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === "atomic") {
        return () => wrapAtomic(target.atomic(), hook);
      }
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (
          prop === "get" || prop === "getMany" || prop === "list" ||
          prop === "set" || prop === "delete"
        ) {
          hook(prop);
        }
        return value.apply(target, args);
      };
    },
  });
}

/** A real KV wrapped to count operations. */
export function countingKv(
  kv: Deno.Kv,
): { kv: Deno.Kv; counts: KvCounts; reset(): void } {
  const counts: KvCounts = {
    get: 0,
    getMany: 0,
    list: 0,
    set: 0,
    delete: 0,
    commit: 0,
  };
  return {
    kv: hookedKv(kv, (method) => counts[method as keyof KvCounts]++),
    counts,
    reset() {
      for (const key of Object.keys(counts)) counts[key as keyof KvCounts] = 0;
    },
  };
}

/**
 * Fault injector: the next `failures` operations matching `methods` throw a
 * real `Error("database is locked")`, as SQLite does under contention.
 */
export function lockingKv(
  kv: Deno.Kv,
  failures: number,
  methods: string[] = ["get", "commit"],
): { kv: Deno.Kv; thrown(): number } {
  let thrown = 0;
  return {
    kv: hookedKv(kv, (method) => {
      if (methods.includes(method) && thrown < failures) {
        thrown++;
        throw new Error("database is locked");
      }
    }),
    thrown: () => thrown,
  };
}

/** A unique KV file path in a fresh temp dir, and a cleanup function. */
export async function tempKvPath(): Promise<
  { path: string; cleanup(): Promise<void> }
> {
  const dir = await Deno.makeTempDir({ prefix: "session_test_" });
  return {
    path: `${dir}/sessions.kv`,
    cleanup: () => Deno.remove(dir, { recursive: true }),
  };
}

/** A clock tests move by hand. */
export function fakeClock(start = 1_700_000_000_000) {
  let time = start;
  return {
    now: () => time,
    advance(ms: number) {
      time += ms;
    },
    set(ms: number) {
      time = ms;
    },
  };
}

/** A logger that records lines. */
export function recordingLogger(): SessionLogger & {
  lines: string[];
  text(): string;
} {
  const lines: string[] = [];
  const record = (level: string) => (message: string, details?: unknown) =>
    lines.push(`${level} ${message} ${JSON.stringify(details ?? {})}`);
  return {
    lines,
    info: record("info"),
    warn: record("warn"),
    text: () => lines.join("\n"),
  };
}

/** Builds a request with an optional Cookie header. */
export function request(
  cookie?: string,
  url = "http://localhost/",
  headers: Record<string, string> = {},
): Request {
  const init = new Headers(headers);
  if (cookie !== undefined) init.set("cookie", cookie);
  return new Request(url, { headers: init });
}

/** The `name=value` pair of a Set-Cookie header, for the next request. */
export function cookiePair(setCookie: string | null): string {
  if (!setCookie) throw new Error("expected a Set-Cookie header");
  return setCookie.split(";")[0];
}

/**
 * Runs one request through a manager: load, act, commit. Returns the
 * session, the response headers and the cookie pair to send next time
 * (the previous one when no new cookie was set).
 */
export async function roundTrip(
  manager: SessionManager,
  cookie: string | undefined,
  act: (session: Session) => unknown = () => {},
  url = "http://localhost/",
): Promise<{ session: Session; headers: Headers; cookie: string | undefined }> {
  const session = await manager.loadSession(request(cookie, url));
  await act(session);
  const headers = new Headers();
  await manager.commitSession(session, headers);
  const setCookie = headers.get("set-cookie");
  let next = cookie;
  if (setCookie) {
    next = /Max-Age=0(;|$)/.test(setCookie) ? undefined : cookiePair(setCookie);
  }
  return { session, headers, cookie: next };
}

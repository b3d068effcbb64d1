/**
 * Benchmarks of the session hot paths, on a real in-memory Deno KV:
 *
 *   deno bench --allow-all bench/session_bench.ts
 *
 * - load: a request with a valid cookie (cookie parse, SHA-256, one KV read)
 * - save: one change committed with compare-and-set
 * - CAS retry: a save that loses the race and re-reads and replays
 * - concurrent saves: 16 sessions saved at once on a KV file, with and
 *   without group commit
 *
 * @module
 */
import { KvSessionStore } from "../utils/session/kv_store.ts";
import { createSessionManager } from "../utils/session/manager.ts";
import { silentLogger } from "../utils/session/logger.ts";
import { generateToken, hashToken } from "../utils/session/token.ts";

const kv = await Deno.openKv(":memory:");
const manager = createSessionManager({ kv, logger: silentLogger });
// A second manager has its own in-process queue, like another process.
const rival = createSessionManager({ kv, logger: silentLogger });

async function newSessionCookie(): Promise<string> {
  const session = await manager.loadSession(new Request("http://localhost/"));
  session.set("cart", [1, 2, 3]);
  session.set("prefs", { theme: "dark", lang: "en" });
  const headers = new Headers();
  await manager.commitSession(session, headers);
  return headers.get("set-cookie")!.split(";")[0];
}

const cookie = await newSessionCookie();
const withCookie = () =>
  new Request("http://localhost/", {
    headers: { cookie: `a=1; ${cookie}; b=2` },
  });

Deno.bench("hashToken (node:crypto sha256)", { group: "token" }, () => {
  hashToken(generateToken());
});

Deno.bench(
  "load: valid cookie, one KV read",
  { group: "load", baseline: true },
  async () => {
    const session = await manager.loadSession(withCookie());
    session.get("cart");
  },
);

Deno.bench(
  "load: malformed cookie, no KV read",
  { group: "load" },
  async () => {
    await manager.loadSession(
      new Request("http://localhost/", {
        headers: { cookie: "sid=not-a-token" },
      }),
    );
  },
);

let counter = 0;
Deno.bench(
  "save: update + CAS commit",
  { group: "save", baseline: true },
  async () => {
    const session = await manager.loadSession(withCookie());
    session.update<number>("n", () => counter++, 0);
    await manager.commitSession(session, new Headers());
  },
);

Deno.bench("save: new session", { group: "save" }, async () => {
  const session = await manager.loadSession(new Request("http://localhost/"));
  session.set("a", 1);
  await manager.commitSession(session, new Headers());
});

Deno.bench(
  "save: CAS conflict, re-read and replay",
  { group: "save" },
  async (b) => {
    const mine = await manager.loadSession(withCookie());
    const theirs = await rival.loadSession(withCookie());
    mine.update<number[]>("cart", (c) => [...c.slice(-5), 1], []);
    theirs.set("other", counter++);
    await rival.commitSession(theirs, new Headers());
    b.start();
    await manager.commitSession(mine, new Headers()); // conflicts once
    b.end();
  },
);

// 16 saves of different sessions at once, on a KV file (where a
// transaction costs what it does in production): sharing transactions
// (group_commit.ts, the default) against one transaction each.
const filePath = await Deno.makeTempFile({ suffix: ".kv" });
const fileKv = await Deno.openKv(filePath);
// Removed now: the open handle keeps the file alive until the process ends.
await Deno.remove(filePath);
async function concurrentSaves(groupCommit: boolean): Promise<void> {
  const fileManager = createSessionManager({
    kv: fileKv,
    store: new KvSessionStore(fileKv, { groupCommit }),
    logger: silentLogger,
  });
  await Promise.all(Array.from({ length: 16 }, async (_, i) => {
    const session = await fileManager.loadSession(
      new Request("http://localhost/"),
    );
    session.set("cart", [i]);
    await fileManager.commitSession(session, new Headers());
  }));
}

Deno.bench(
  "16 concurrent saves, KV file: grouped transactions",
  { group: "concurrent saves", baseline: true },
  async () => {
    await concurrentSaves(true);
  },
);

Deno.bench(
  "16 concurrent saves, KV file: one transaction each",
  { group: "concurrent saves" },
  async () => {
    await concurrentSaves(false);
  },
);

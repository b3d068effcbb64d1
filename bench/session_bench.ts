/**
 * Benchmarks of the session hot paths, on a real in-memory Deno KV:
 *
 *   deno bench --allow-all bench/session_bench.ts
 *
 * - load: a request with a valid cookie (cookie parse, SHA-256, one KV read)
 * - save: one change committed with compare-and-set
 * - CAS retry: a save that loses the race and re-reads and replays
 *
 * @module
 */
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

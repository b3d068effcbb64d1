/**
 * Benchmarks of the flash-message hot path on a real in-memory Deno KV
 * session: what a page costs to show and consume its pending messages.
 *
 *   deno bench --allow-all bench/messages_bench.ts
 *
 * @module
 */
import { SUCCESS } from "../utils/messages/levels.ts";
import { resolveMessagesOptions } from "../utils/messages/options.ts";
import { MessageStorage } from "../utils/messages/storage.ts";
import { silentLogger } from "../utils/session/logger.ts";
import { createSessionManager } from "../utils/session/manager.ts";

const kv = await Deno.openKv(":memory:");
const manager = createSessionManager({ kv, logger: silentLogger });
const options = resolveMessagesOptions({});
const page = new Request("http://localhost/cart");
const html = () =>
  new Response("<p>ok</p>", {
    headers: { "content-type": "text/html; charset=utf-8" },
  });

/** A stored session with `n` pending messages; returns its cookie. */
async function sessionWith(n: number): Promise<string> {
  const session = await manager.loadSession(new Request("http://localhost/"));
  const storage = new MessageStorage(session, options);
  for (let i = 0; i < n; i++) storage.add(SUCCESS, `Message ${i}`);
  storage.finish(
    new Request("http://localhost/cart/add"),
    new Response(null, {
      status: 303,
    }),
  );
  const headers = new Headers();
  await manager.commitSession(session, headers);
  return headers.get("set-cookie")!.split(";")[0];
}

const one = await sessionWith(1);
const none = await sessionWith(0).catch(() => "");

Deno.bench(
  "consume: load, render 1 message, finish (no commit)",
  { group: "consume", baseline: true },
  async () => {
    const session = await manager.loadSession(
      new Request(page.url, { headers: { cookie: one } }),
    );
    const storage = new MessageStorage(session, options);
    storage.forRender();
    storage.finish(page, html());
  },
);

Deno.bench(
  "consume: nothing pending (anonymous page)",
  { group: "consume" },
  async () => {
    const session = await manager.loadSession(
      new Request(page.url, none ? { headers: { cookie: none } } : {}),
    );
    const storage = new MessageStorage(session, options);
    storage.forRender();
    storage.finish(page, html());
  },
);

Deno.bench(
  "add + consume round trip with commits",
  { group: "round trip" },
  async () => {
    const cookie = await sessionWith(1);
    const session = await manager.loadSession(
      new Request(page.url, { headers: { cookie } }),
    );
    const storage = new MessageStorage(session, options);
    storage.forRender();
    storage.finish(page, html());
    await manager.commitSession(session, new Headers());
  },
);

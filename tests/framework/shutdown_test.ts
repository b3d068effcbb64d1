import { strictEqual } from "node:assert";
import { Drain } from "../../framework/src/shutdown.ts";

Deno.test("Drain: waits for requests in flight, turns new ones away with 503 and Connection: close", async () => {
  const drain = new Drain();
  const { promise: release, resolve: finish } = Promise.withResolvers<void>();
  const handler = drain.wrap(async (_req: Request) => {
    await release;
    return new Response("done");
  });
  const inFlight = handler(new Request("http://x/slow"));
  let drained = false;
  const idle = drain.drain().then(() => drained = true);

  const late = await handler(
    new Request("http://x/late", { method: "POST", body: "a=1" }),
  );
  strictEqual(late.status, 503);
  strictEqual(late.headers.get("connection"), "close");
  strictEqual(late.headers.get("retry-after"), "1");
  await Promise.resolve();
  strictEqual(drained, false);

  finish();
  strictEqual(await (await inFlight).text(), "done");
  await idle;
  strictEqual(drained, true);
});

Deno.test("Drain: with nothing in flight, drain() resolves at once", async () => {
  const drain = new Drain();
  await drain.drain();
});

Deno.test("Drain: a handler that throws still counts as finished", async () => {
  const drain = new Drain();
  const handler = drain.wrap((_req: Request) => Promise.reject(new Error("x")));
  await handler(new Request("http://x/")).catch(() => {});
  await drain.drain();
});

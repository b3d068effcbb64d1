/**
 * The README's library example (docs/plain_deno_serve.ts) works as it
 * says: sessions and one-time messages on plain Deno.serve, over real HTTP.
 */
import { ok, strictEqual } from "node:assert";
import example from "../../docs/plain_deno_serve.ts";

/** The example served on a free port, shut down when disposed. */
function serveExample() {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    example.fetch,
  );
  return {
    origin: `http://127.0.0.1:${server.addr.port}`,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

Deno.test("the plain Deno.serve example counts in the session and shows its message once", async () => {
  await using server = serveExample();
  const { origin } = server;
  const anonymous = await fetch(origin + "/");
  strictEqual(anonymous.headers.get("set-cookie"), null, "no cookie yet");
  await anonymous.body?.cancel();

  const post = await fetch(origin + "/", {
    method: "POST",
    redirect: "manual",
  });
  strictEqual(post.status, 303);
  const cookie = post.headers.get("set-cookie")?.split(";")[0];
  ok(cookie, "the session cookie");
  await post.body?.cancel();

  const first = await (await fetch(origin + "/", { headers: { cookie } }))
    .text();
  ok(first.includes('<p class="success">Counted!</p>'), first);
  ok(first.includes("count: 1"));
  const second = await (await fetch(origin + "/", { headers: { cookie } }))
    .text();
  ok(!second.includes("Counted!"), "shown once");
  ok(second.includes("count: 1"), "the count survives");
});

Deno.test("the plain Deno.serve example, posted from a browser tab: the message waits for that tab's redirect, not another tab's page", async () => {
  await using server = serveExample();
  const { origin } = server;
  const post = await fetch(origin + "/", {
    method: "POST",
    redirect: "manual",
    headers: { "sec-fetch-mode": "navigate" },
  });
  strictEqual(post.status, 303);
  const cookie = post.headers.get("set-cookie")?.split(";")[0];
  ok(cookie, "the session cookie");
  const location = post.headers.get("location") ?? "";
  ok(/^\/\?_flash=[0-9a-z]{12}$/.test(location), location);
  await post.body?.cancel();

  const otherTab = await (await fetch(origin + "/", { headers: { cookie } }))
    .text();
  ok(!otherTab.includes("Counted!"), otherTab);
  const ownTab = await (await fetch(origin + location, {
    headers: { cookie },
  })).text();
  ok(ownTab.includes('<p class="success">Counted!</p>'), ownTab);
});

Deno.test("the plain Deno.serve example, several pages of one cookie at once: the message shows on one, the others are sent to load again", async () => {
  await using server = serveExample();
  const { origin } = server;
  const post = await fetch(origin + "/", {
    method: "POST",
    redirect: "manual",
  });
  const cookie = post.headers.get("set-cookie")?.split(";")[0];
  ok(cookie, "the session cookie");
  await post.body?.cancel();
  // Called directly, so that all six load before any saves.
  const info = {
    remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 1 },
  } as Deno.ServeHandlerInfo<Deno.NetAddr>;
  const pages = await Promise.all(
    Array.from(
      { length: 6 },
      () =>
        example.fetch(
          new Request(origin + "/", { headers: { cookie } }),
          info,
        ),
    ),
  );
  let shown = 0;
  for (const page of pages) {
    const body = await page.text();
    if (page.status === 200) {
      if (body.includes("Counted!")) shown++;
      continue;
    }
    strictEqual(page.status, 303);
    strictEqual(page.headers.get("location"), "/");
    strictEqual(page.headers.get("content-type"), null);
    strictEqual(body, "");
  }
  strictEqual(shown, 1);
  ok(pages.some((page) => page.status === 303), "the pages raced");
});

Deno.test("the README shows the example exactly as docs/plain_deno_serve.ts has it", async () => {
  const readme = await Deno.readTextFile(
    new URL("../../README.md", import.meta.url),
  );
  const file = await Deno.readTextFile(
    new URL("../../docs/plain_deno_serve.ts", import.meta.url),
  );
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  ok(blocks.includes(file), "the README's code block is the file, verbatim");
});

Deno.test("the plain Deno.serve example keeps the documented new-session limit: a flood of cookieless posts from one address gets 429, never 500", async () => {
  await using server = serveExample();
  const { origin } = server;
  const statuses = new Map<number, number>();
  let retryAfter: string | null = null;
  // The default allows 100 at once, then 100 a minute.
  for (let i = 0; i < 200; i++) {
    const res = await fetch(origin + "/", {
      method: "POST",
      redirect: "manual",
    });
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (res.status === 429) retryAfter = res.headers.get("retry-after");
    await res.body?.cancel();
  }
  strictEqual(statuses.get(500), undefined, JSON.stringify([...statuses]));
  ok((statuses.get(429) ?? 0) > 0, JSON.stringify([...statuses]));
  ok(Number(retryAfter) >= 1, `Retry-After: ${retryAfter}`);
});

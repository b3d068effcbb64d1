/**
 * The README's library example (docs/plain_deno_serve.ts) works as it
 * says: sessions and one-time messages on plain Deno.serve, over real HTTP.
 */
import { ok, strictEqual } from "node:assert";
import example from "../../docs/plain_deno_serve.ts";

Deno.test("the plain Deno.serve example counts in the session and shows its message once", async () => {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    example.fetch,
  );
  const origin = `http://127.0.0.1:${server.addr.port}`;
  try {
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
  } finally {
    await server.shutdown();
  }
});

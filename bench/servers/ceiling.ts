/**
 * The ceiling: plain `Deno.serve` with no session, no middleware and no
 * render, answering the shop's flows with our real catalogue page's HTML
 * and response headers (precomputed by bench/run.ts), so the bytes on the
 * wire are the same.
 *
 * Env: PORT, BENCH_FIXTURE (JSON with the page's `html` and `headers`).
 *
 * @module
 */
const { html, headers } = JSON.parse(
  Deno.readTextFileSync(Deno.env.get("BENCH_FIXTURE")!),
) as { html: string; headers: Record<string, string> };

Deno.serve({
  port: Number(Deno.env.get("PORT") ?? 8000),
  hostname: "127.0.0.1",
  onListen: () => {},
}, async (req) => {
  if (req.method === "POST") {
    await req.body?.cancel();
    return new Response(null, { status: 303, headers: { location: "/cart" } });
  }
  return new Response(html, { headers });
});

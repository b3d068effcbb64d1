/**
 * Running out of file descriptors: the app runs under a lowered
 * `ulimit -n`, and more idle connections than it may hold are opened
 * against it over real sockets. The process must survive, and answer
 * again once the connections are gone.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { errorLines, removeKv, startApp } from "./_app_process.ts";
import { figure } from "./_scale.ts";

const FD_LIMIT = 256;
const IDLE_CONNECTIONS = 300;

/** Opens up to `count` connections that send nothing. */
async function openIdle(port: number, count: number): Promise<Deno.Conn[]> {
  const conns: Deno.Conn[] = [];
  for (let i = 0; i < count; i++) {
    try {
      conns.push(await Deno.connect({ hostname: "127.0.0.1", port }));
    } catch {
      // Refused while the app's listener is being reopened: keep trying.
    }
  }
  return conns;
}

/** GETs `url` until it answers 200, for at most `ms` milliseconds. */
async function answersWithin(url: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      if (res.status === 200) return true;
    } catch {
      // Not answering yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

Deno.test(`${IDLE_CONNECTIONS} idle connections at ulimit -n ${FD_LIMIT}: the app survives and answers once they close`, async () => {
  const app = await startApp({ fdLimit: FD_LIMIT });
  try {
    const conns = await openIdle(app.port, IDLE_CONNECTIONS);
    // Give the server time to accept them all and hit the limit.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const conn of conns) conn.close();
    const answered = await answersWithin(`${app.origin}/about`, 30_000);
    const output = app.output();
    figure("fd exhaustion", {
      opened: conns.length,
      answeredAfter: answered,
      restarts: output.match(/file descriptors/g)?.length ?? 0,
    });
    ok(answered, `the app answers again:\n${output}`);
    ok(
      /out of file descriptors/i.test(output),
      `the limit was reached (else this test proves nothing):\n${output}`,
    );
    const res = await fetch(`${app.origin}/cart`);
    strictEqual(res.status, 200);
    await res.body?.cancel();
    deepStrictEqual(errorLines(output), []);
  } finally {
    await app.kill();
    await removeKv(app.kvPath);
  }
});

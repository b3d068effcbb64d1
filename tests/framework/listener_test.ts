import { strictEqual } from "node:assert";
import { serveResilient } from "../../framework/src/listener.ts";

Deno.test("serveResilient: serves like Deno.serve, reports its address, and stops on shutdown()", async () => {
  const server = serveResilient(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    () => new Response("hi"),
  );
  strictEqual(server.addr.hostname, "127.0.0.1");
  const res = await fetch(`http://127.0.0.1:${server.addr.port}/`);
  strictEqual(await res.text(), "hi");
  await server.shutdown();
  await server.finished;
});

/**
 * What an operator sees of the running app: the JSON request log
 * (`LOG_FORMAT=json`) on its output, and OpenTelemetry traces exported by
 * Deno's built-in OTel (`OTEL_DENO=true`) to a local OTLP/HTTP receiver.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { DEMO_PASSWORD, DEMO_USERNAME } from "../../utils/accounts/users.ts";
import { removeKv, startApp } from "./_app_process.ts";
import { figure } from "./_scale.ts";
import { ShopClient } from "./_shop_client.ts";

interface OtlpSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
}

/** An OTLP/HTTP receiver taking `http/json` trace exports. */
function startReceiver() {
  const spans: OtlpSpan[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (req) => {
      const body = await req.text();
      if (new URL(req.url).pathname === "/v1/traces") {
        const data = JSON.parse(body);
        for (const resource of data.resourceSpans ?? []) {
          for (const scope of resource.scopeSpans ?? []) {
            spans.push(...scope.spans ?? []);
          }
        }
      }
      return Response.json({});
    },
  );
  return { spans, origin: `http://127.0.0.1:${server.addr.port}`, server };
}

function attribute(span: OtlpSpan, key: string): unknown {
  const value = span.attributes?.find((a) => a.key === key)?.value;
  return value && Object.values(value)[0];
}

/** The JSON lines of `output` (the app prints nothing else as JSON). */
function jsonLines(output: string): Record<string, unknown>[] {
  return output.split("\n").filter((line) => line.startsWith("{")).map((
    line,
  ) => JSON.parse(line));
}

Deno.test("LOG_FORMAT=json and OTEL_DENO=true: one log line per request, and request, session and KV spans for POST /cart/add", async () => {
  const receiver = startReceiver();
  const app = await startApp({
    env: {
      LOG_FORMAT: "json",
      OTEL_DENO: "true",
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.origin,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      OTEL_SERVICE_NAME: "deno-shop-test",
      // Export every 100 ms rather than every 5 s.
      OTEL_BSP_SCHEDULE_DELAY: "100",
    },
  });
  try {
    for (const path of ["/healthz", "/readyz", "/healthz"]) {
      const res = await fetch(`${app.origin}${path}`);
      strictEqual(res.status, 200);
      await res.body?.cancel();
    }
    const shopper = new ShopClient(app.origin);
    const added = await shopper.post("/cart/add", { product_id: "notebook" });
    strictEqual(added.status, 303);
    const token = shopper.jar.get("sid");
    ok(token, "a session cookie");
    // Signing in rotates the session: a session event for the log.
    const login = await shopper.post("/login", {
      username: DEMO_USERNAME,
      password: DEMO_PASSWORD,
    });
    strictEqual(login.status, 303);
    const product = await fetch(`${app.origin}/products/notebook`);
    await product.body?.cancel();

    // Spans are exported in batches: wait until the add's have arrived.
    const deadline = Date.now() + 20_000;
    const addSpan = () =>
      receiver.spans.find((s) =>
        s.kind === 2 && attribute(s, "http.route") === "/cart/add"
      );
    while (
      Date.now() < deadline &&
      !(addSpan() && app.output().includes("/products/:id"))
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const request = addSpan();
    ok(
      request,
      `a server span for POST /cart/add: ${
        JSON.stringify(receiver.spans.map((s) => s.name))
      }`,
    );
    const inTrace = receiver.spans.filter((s) => s.traceId === request.traceId);
    const names = inTrace.map((s) => s.name);
    ok(names.includes("session.load"), names.join(", "));
    ok(names.includes("session.commit"), names.join(", "));
    ok(names.some((n) => n.startsWith("kv.")), names.join(", "));

    const output = app.output();
    const lines = jsonLines(output);
    const requests = lines.filter((l) => l.msg === "request");
    figure("telemetry", {
      spans: names,
      requestLines: requests.map((l) => `${l.method} ${l.route} ${l.status}`),
    });
    ok(!output.includes(token!), "the token never reaches the log");
    const signedIn = shopper.jar.get("sid");
    ok(signedIn && !output.includes(signedIn), "nor the rotated one");
    strictEqual(
      requests.filter((l) => String(l.path ?? "").includes("healthz")).length,
      0,
    );
    ok(
      requests.every((l) => l.route !== "/healthz" && l.route !== "/readyz"),
      "health checks are not logged",
    );
    const add = requests.find((l) => l.route === "/cart/add");
    ok(add, JSON.stringify(requests));
    strictEqual(add.method, "POST");
    strictEqual(add.status, 303);
    ok(typeof add.duration_ms === "number" && add.duration_ms >= 0);
    ok(/^[0-9a-f]{8,16}$/.test(String(add.session)), String(add.session));
    strictEqual(add.id, request.traceId, "the request id is the trace id");
    const rotated = lines.find((l) => l.msg === "session rotated");
    strictEqual(rotated?.component, "session", "session events are JSON");
    strictEqual(rotated.from, add.session, "one hash in both kinds of line");
    const plain = output.split("\n").filter((line) =>
      line !== "" && !line.startsWith("{") && !line.startsWith("Listening on")
    );
    deepStrictEqual(plain, [], "every other line is JSON");
    const page = requests.find((l) => l.route === "/products/:id");
    ok(page, "the route pattern, not the raw path");
    strictEqual(page.status, 200);
    const about = requests.find((l) => l.route === "/about");
    ok(about, "the start-up probe's GET /about");
    strictEqual(about.session, null, "no cookie, no session");
  } finally {
    await app.kill();
    await receiver.server.shutdown();
    await removeKv(app.kvPath);
  }
});

Deno.test("LOG_FORMAT=json through shutdown: the only plain-text lines are the ones the README lists", async () => {
  const app = await startApp({ env: { LOG_FORMAT: "json" } });
  let status: Deno.CommandStatus;
  try {
    const shopper = new ShopClient(app.origin);
    strictEqual(
      (await shopper.post("/cart/add", { product_id: "notebook" })).status,
      303,
    );
  } finally {
    status = await app.kill("SIGTERM");
    await removeKv(app.kvPath);
  }
  strictEqual(status.code, 0, app.output());
  const plain = app.output().split("\n").filter((line) =>
    line !== "" && !line.startsWith("{")
  );
  // README, Logs: the start-up line and the runtime's shutdown notice.
  const listed = [/^Listening on /, /^Shutting down: /];
  deepStrictEqual(
    plain.filter((line) => !listed.some((re) => re.test(line))),
    [],
    app.output(),
  );
  ok(plain.some((line) => line.startsWith("Shutting down: ")), app.output());
});

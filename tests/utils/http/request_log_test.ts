import { deepStrictEqual, ok, strictEqual, throws } from "node:assert";
import type { FreshContext } from "$fresh/server.ts";
import {
  type RequestLine,
  requestLog,
} from "../../../utils/http/request_log.ts";
import { type LogFormat, logFormatFromEnv } from "../../../utils/log_format.ts";
import { captureConsoleError, createApp } from "../../framework/test_utils.ts";

/** An app behind `requestLog`, with its lines captured. */
async function loggedApp(format: LogFormat) {
  const lines: string[] = [];
  const errors: string[] = [];
  const app = await createApp({
    "./routes/_middleware.ts": {
      handler: [requestLog({
        format,
        write: (line) => lines.push(line),
        writeError: (line) => errors.push(line),
      })],
    },
    "./routes/products/[id].ts": {
      handler: (_req: Request, ctx: FreshContext) =>
        new Response(`product ${ctx.params.id}`),
    },
    "./routes/boom.ts": {
      handler: () => {
        throw new Error("the handler broke");
      },
    },
  });
  return { app, lines, errors };
}

Deno.test("request log (json): one line per request with the route pattern, never the raw path", async () => {
  const { app, lines, errors } = await loggedApp("json");
  // Not hex: a request id (hex digits and dashes) cannot contain it.
  const res = await app("/products/secret-42?token=query-zqx", {
    method: "GET",
  });
  await res.body?.cancel();
  const missing = await app("/nowhere");
  await missing.body?.cancel();
  strictEqual(lines.length, 2);
  ok(!lines.join("\n").includes("secret-42"), "no raw path");
  ok(!lines.join("\n").includes("zqx"), "no query string");
  const [product, notFound] = lines.map((l) => JSON.parse(l) as RequestLine);
  deepStrictEqual(
    {
      msg: product.msg,
      method: product.method,
      route: product.route,
      status: product.status,
      session: product.session,
    },
    {
      msg: "request",
      method: "GET",
      route: "/products/:id",
      status: 200,
      session: null,
    },
  );
  ok(product.duration_ms >= 0);
  ok(product.id.length > 0);
  ok(product.id !== notFound.id, "each request has its own id");
  strictEqual(notFound.route, null);
  strictEqual(notFound.status, 404);
  deepStrictEqual(errors, []);
});

Deno.test("request log: an error is logged once, with the request's id; the runtime does not log it again", async (t) => {
  for (const format of ["json", "text"] as const) {
    await t.step(format, async () => {
      const { app, lines, errors } = await loggedApp(format);
      const runtime = await captureConsoleError(async () => {
        const res = await app("/boom");
        strictEqual(res.status, 500);
        await res.body?.cancel();
      });
      deepStrictEqual(runtime, [], "no second line from the runtime");
      strictEqual(errors.length, 1);
      ok(errors[0].includes("the handler broke"), errors[0]);
      if (format === "json") {
        const error = JSON.parse(errors[0]);
        const request = JSON.parse(lines[0]) as RequestLine;
        strictEqual(error.id, request.id, "the error carries the request id");
        strictEqual(error.route, "/boom");
        strictEqual(request.status, 500);
        strictEqual(request.level, "error");
      } else {
        deepStrictEqual(lines, [], "text: requests are not logged");
        ok(/\(request [0-9a-f-]{36}\)/.test(errors[0]), errors[0]);
      }
    });
  }
});

Deno.test("request log (text): requests are not logged", async () => {
  const { app, lines } = await loggedApp("text");
  const res = await app("/products/1");
  await res.body?.cancel();
  deepStrictEqual(lines, []);
});

Deno.test("LOG_FORMAT: text by default, json, anything else refused naming it", () => {
  const env = (value?: string) => ({ get: () => value });
  strictEqual(logFormatFromEnv(env()), "text");
  strictEqual(logFormatFromEnv(env("")), "text");
  strictEqual(logFormatFromEnv(env("json")), "json");
  strictEqual(logFormatFromEnv(env("JSON")), "json");
  strictEqual(logFormatFromEnv(env("text")), "text");
  for (const bad of ["yaml", "logfmt", "1"]) {
    throws(
      () => logFormatFromEnv(env(bad)),
      (error: Error) =>
        error.message.startsWith("LOG_FORMAT must be") &&
        error.message.includes(bad),
    );
  }
});

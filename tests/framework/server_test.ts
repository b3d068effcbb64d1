import { deepStrictEqual, match, ok, strictEqual, throws } from "node:assert";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type FreshContext, type Manifest, start } from "$fresh/server.ts";
import { DEFAULT_PORT, resolveConfig } from "../../framework/src/config.ts";
import { isOutOfDescriptors } from "../../framework/src/listener.ts";
import { BASE_URL } from "./test_utils.ts";

Deno.test("start: honours config.server and stops on its signal", async () => {
  const manifest: Manifest = {
    routes: {
      "./routes/index.ts": {
        handler: (_req: Request, ctx: FreshContext) =>
          new Response(`hello ${ctx.remoteAddr.hostname}`),
      },
    },
    islands: {},
    baseUrl: BASE_URL,
  };
  const controller = new AbortController();
  const listening = Promise.withResolvers<Deno.NetAddr>();
  const finished = start(manifest, {
    server: {
      hostname: "127.0.0.1",
      port: 0,
      signal: controller.signal,
      onListen: (addr) => listening.resolve(addr),
    },
  });
  finished.catch(listening.reject);
  try {
    const addr = await listening.promise;
    strictEqual(addr.hostname, "127.0.0.1");
    ok(addr.port > 0, "port 0 picks a free port");
    const res = await fetch(`http://127.0.0.1:${addr.port}/`);
    strictEqual(res.status, 200);
    strictEqual(await res.text(), "hello 127.0.0.1");
    const missing = await fetch(`http://127.0.0.1:${addr.port}/nope`);
    strictEqual(missing.status, 404);
    await missing.body?.cancel();
  } finally {
    controller.abort();
    await finished;
  }
});

/**
 * Sets `PORT` for the duration of `fn` only. `fn` is synchronous so the
 * variable is never left changed across an `await`, where another test
 * (under `--parallel`) could read it.
 */
function withPort<T>(value: string | undefined, fn: () => T): T {
  const saved = Deno.env.get("PORT");
  if (value === undefined) Deno.env.delete("PORT");
  else Deno.env.set("PORT", value);
  try {
    return fn();
  } finally {
    if (saved === undefined) Deno.env.delete("PORT");
    else Deno.env.set("PORT", saved);
  }
}

Deno.test("config: the port comes from config, else PORT, else 8000", () => {
  strictEqual(DEFAULT_PORT, 8000);
  const cases: [
    string,
    string | undefined,
    Parameters<typeof resolveConfig>[1],
    number,
  ][] = [
    ["no PORT, no config", undefined, {}, 8000],
    ["empty PORT", "", {}, 8000],
    ["PORT only", "4321", {}, 4321],
    ["PORT=0", "0", {}, 0],
    ["config.server.port wins", "4321", { server: { port: 9000 } }, 9000],
    ["config.server.port 0 wins", "4321", { server: { port: 0 } }, 0],
    ["deprecated config.port wins", "4321", { port: 9001 }, 9001],
    ["config wins over a bad PORT", "not-a-port", { server: { port: 1 } }, 1],
  ];
  for (const [name, env, config, port] of cases) {
    const resolved = withPort(env, () => resolveConfig(BASE_URL, config));
    strictEqual(resolved.server.port, port, name);
  }
});

Deno.test("config: an invalid PORT throws an error that names it", () => {
  for (const bad of ["abc", "-1", "65536", "80.5", "8000abc"]) {
    throws(
      () => withPort(bad, () => resolveConfig(BASE_URL, {})),
      (error: Error) =>
        error.message.includes("PORT must be an integer between 0 and 65535") &&
        error.message.includes(JSON.stringify(bad)),
      bad,
    );
  }
});

Deno.test("config: paths and router defaults are filled in once", () => {
  const root = dirname(fileURLToPath(BASE_URL));
  const resolved = withPort(
    undefined,
    () => resolveConfig(BASE_URL, {}, false),
  );
  deepStrictEqual(
    {
      root: resolved.root,
      staticDir: resolved.staticDir,
      outDir: resolved.build.outDir,
      router: resolved.router,
      basePath: resolved.basePath,
      dev: resolved.dev,
    },
    {
      root,
      staticDir: join(root, "static"),
      outDir: join(root, "_fresh"),
      router: { trailingSlash: false, basePath: "" },
      basePath: "",
      dev: false,
    },
  );

  for (
    const [input, expected] of [["app/", "/app"], ["/app", "/app"], ["/", ""]]
  ) {
    const withBase = withPort(
      undefined,
      () => resolveConfig(BASE_URL, { router: { basePath: input } }),
    );
    strictEqual(withBase.basePath, expected, input);
    strictEqual(withBase.router.basePath, expected, input);
  }
  const custom = withPort(
    undefined,
    () =>
      resolveConfig(BASE_URL, { build: { outDir: "dist" }, hostname: "::1" }),
  );
  strictEqual(custom.build.outDir, join(root, "dist"));
  strictEqual(custom.server.hostname, "::1");
});

Deno.test("start: only running out of descriptors reopens the listener; a port in use still fails", async () => {
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const manifest: Manifest = { routes: {}, islands: {}, baseUrl: BASE_URL };
    const port = (taken.addr as Deno.NetAddr).port;
    const error = await start(manifest, {
      server: { hostname: "127.0.0.1", port, onListen: () => {} },
    }).then(() => null, (error: unknown) => error);
    ok(error instanceof Deno.errors.AddrInUse, String(error));
    // Whichever of PORT or fresh.config.ts chose it, the message says where.
    match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}\\b`));
  } finally {
    taken.close();
  }
});

Deno.test("isOutOfDescriptors: EMFILE and ENFILE, nothing else", () => {
  const cases: [unknown, boolean][] = [
    [new Error("Http: Error: Too many open files (os error 24)"), true],
    [new Error("Too many open files in system (os error 23)"), true],
    [new Deno.errors.AddrInUse("Address already in use (os error 98)"), false],
    [new Error("os error 240"), false],
    ["Too many open files", false],
  ];
  for (const [error, expected] of cases) {
    strictEqual(isOutOfDescriptors(error), expected, String(error));
  }
});

/**
 * `deno task serve` and `deno task serve:parallel` as an operator runs
 * them: a KV file anywhere the README allows, the port and interface from
 * `PORT` and `HOST`, and one line, with no stack trace, for a value that
 * cannot work. Needs `deno task build` first, as `serve` does.
 *
 * @module
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert";
import { freePort, ROOT } from "../hardening/_app_process.ts";
import { listening, runTask } from "./_task_process.ts";

async function addToCart(origin: string): Promise<string> {
  const res = await fetch(`${origin}/cart/add`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin,
    },
    body: "product_id=backpack&quantity=2",
    redirect: "manual",
  });
  await res.body?.cancel();
  strictEqual(res.status, 303);
  return res.headers.get("set-cookie")!.split(";")[0];
}

for (const task of ["serve", "serve:parallel"]) {
  Deno.test(`deno task ${task}: a KV file outside ./data, on PORT and HOST`, async () => {
    const dir = await Deno.makeTempDir();
    const kvPath = `${dir}/var/lib/shop/app.kv`;
    const port = freePort();
    const app = runTask(task, {
      KV_PATH: kvPath,
      PORT: String(port),
      HOST: "127.0.0.1",
      // One worker: the first answer then proves it is up, and `deno serve`
      // loses a SIGTERM that arrives while a worker is still starting.
      DENO_JOBS: "1",
    });
    try {
      const address = await listening(app);
      strictEqual(address, `http://127.0.0.1:${port}/`);
      const origin = `http://127.0.0.1:${port}`;
      const cookie = await addToCart(origin);
      const cart = await fetch(`${origin}/cart`, { headers: { cookie } });
      match(await cart.text(), /Everyday backpack/);
      ok((await Deno.stat(kvPath)).isFile);
    } finally {
      // The launcher passes the signal on; the app shuts down and exits 0.
      strictEqual((await app.kill("SIGTERM")).code, 0, app.output());
      await Deno.remove(dir, { recursive: true });
    }
    strictEqual(app.errors().match(/^\s+at /m), null, app.output());
  });
}

// Values the README's rules refuse: some the launcher sees (the URL scheme,
// PORT, the timeouts), some only the app does when it opens the file.
const UNWORKABLE: [string, Record<string, string>][] = [
  ["KV_PATH", { KV_PATH: "ftp://kv.example.com/db" }],
  ["KV_PATH", { KV_PATH: "https://kv.example.com/db" }],
  ["KV_PATH", { KV_PATH: "./app.kv" }],
  ["KV_PATH", { KV_PATH: "./static/db/app.kv" }],
  ["KV_PATH", { KV_PATH: "<file>/app.kv" }],
  ["KV_PATH", { KV_PATH: "<dir>" }],
  ["PORT", { PORT: "70000" }],
  ["SESSION_IDLE_TIMEOUT", { SESSION_IDLE_TIMEOUT: "9999999999999" }],
  ["SESSION_ABSOLUTE_TIMEOUT", { SESSION_ABSOLUTE_TIMEOUT: "9999999999999" }],
  ["SIGNUP_MAX_PER_ADDRESS", { SIGNUP_MAX_PER_ADDRESS: "0" }],
];

for (const task of ["serve", "serve:parallel"]) {
  Deno.test(`deno task ${task}: a value that cannot work is one line naming it, no stack trace`, async () => {
    const dir = await Deno.makeTempDir();
    await Deno.writeTextFile(`${dir}/file`, "");
    await Deno.mkdir(`${dir}/dir`);
    try {
      for (const [name, vars] of UNWORKABLE) {
        const env: Record<string, string> = {
          PORT: "0",
          HOST: "127.0.0.1",
          KV_PATH: ":memory:",
          DENO_JOBS: "2",
        };
        for (const [key, value] of Object.entries(vars)) {
          env[key] = value.replace("<file>", `${dir}/file`).replace(
            "<dir>",
            `${dir}/dir`,
          );
        }
        const app = runTask(task, env);
        const status = await app.status;
        strictEqual(status.code, 1, app.output());
        // `deno serve` prefixes a worker's lines with its name.
        const lines = app.errors().split("\n").map((line) =>
          line.replace(/^\[serve-worker-\d+ *\] /, "")
        );
        strictEqual(new Set(lines).size, 1, app.output());
        match(lines[0], new RegExp(`^(Environment variable )?${name}`));
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

/**
 * Not a KV Connect server: it answers the metadata exchange Deno makes when
 * it opens a remote database (with `metadata`, or 401 without), and
 * records the requests.
 */
function fakeKvConnect(metadata?: unknown) {
  const seen: { method: string; path: string; auth: string | null }[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (req) => {
      seen.push({
        method: req.method,
        path: new URL(req.url).pathname,
        auth: req.headers.get("authorization"),
      });
      return metadata
        ? Response.json(metadata)
        : new Response("unknown database", { status: 401 });
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}/databases/demo/connect`,
    seen,
    close: () => server.shutdown(),
  };
}

Deno.test("deno task serve: a remote KV_PATH is opened over KV Connect with DENO_KV_ACCESS_TOKEN", async () => {
  const kvConnect = fakeKvConnect({
    version: 2,
    databaseId: "00000000-0000-4000-8000-000000000000",
    endpoints: [{ url: "/v2", consistency: "strong" }],
    token: "data-path-token",
    expiresAt: "2100-01-01T00:00:00Z",
  });
  const app = runTask("serve", {
    KV_PATH: kvConnect.url,
    DENO_KV_ACCESS_TOKEN: "token-from-env",
    PORT: "0",
    HOST: "127.0.0.1",
  });
  try {
    await listening(app);
    deepStrictEqual(kvConnect.seen[0], {
      method: "POST",
      path: "/databases/demo/connect",
      auth: "Bearer token-from-env",
    });
  } finally {
    await app.kill("SIGTERM");
    await kvConnect.close();
  }
});

Deno.test("deno task serve: a remote KV that refuses the token stops start-up in one line", async () => {
  const kvConnect = fakeKvConnect();
  const app = runTask("serve", {
    KV_PATH: kvConnect.url,
    DENO_KV_ACCESS_TOKEN: "wrong-token",
    PORT: "0",
    HOST: "127.0.0.1",
  });
  try {
    strictEqual((await app.status).code, 1);
    strictEqual(kvConnect.seen[0].auth, "Bearer wrong-token");
    match(
      app.errors(),
      /^KV_PATH=http:\/\/127\.0\.0\.1:\d+\/\S+ cannot be opened \(.*401.*\): check the URL and DENO_KV_ACCESS_TOKEN\.$/,
    );
  } finally {
    await kvConnect.close();
  }
});

Deno.test("main.ts run by hand without write access to KV_PATH's folder: one line naming KV_PATH and the flags to add", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      // The permissions `deno task serve` granted before it derived them.
      args: [
        "run",
        "--allow-net",
        "--allow-env",
        "--allow-read=.",
        "--allow-write=./data",
        "main.ts",
      ],
      cwd: ROOT,
      env: { KV_PATH: `${dir}/shop/app.kv`, PORT: "0", NO_COLOR: "1" },
      stdout: "null",
      stderr: "piped",
    }).output();
    strictEqual(code, 1);
    const lines = new TextDecoder().decode(stderr).trim().split("\n");
    strictEqual(lines.length, 1, lines.join("\n"));
    match(
      lines[0],
      /^KV_PATH=\S+\/shop\/app\.kv cannot be opened \(.*\): start the app with `deno task serve`.*--allow-write/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

// `deno task serve` only: under serve:parallel, `deno serve` itself binds
// the port and reports it taken.
Deno.test("deno task serve: a PORT another program listens on is one line naming the address and the fix, no stack trace", async () => {
  // What a second `deno task start`, or any other server on the port, does.
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (taken.addr as Deno.NetAddr).port;
  try {
    const app = runTask("serve", {
      PORT: String(port),
      HOST: "127.0.0.1",
      KV_PATH: ":memory:",
      DENO_JOBS: "1",
    });
    const status = await app.status;
    strictEqual(status.code, 1, app.output());
    const lines = app.errors().split("\n");
    strictEqual(lines.length, 1, app.output());
    match(
      lines[0],
      new RegExp(
        `^Cannot listen on 127\\.0\\.0\\.1:${port}: .*already in use.*set PORT to a free port`,
      ),
    );
  } finally {
    taken.close();
  }
});

for (const task of ["serve", "serve:parallel"]) {
  Deno.test(`deno task ${task}: on an IPv6 HOST, the address it prints can be opened`, async () => {
    const port = freePort();
    const app = runTask(task, {
      KV_PATH: ":memory:",
      PORT: String(port),
      HOST: "::1",
      DENO_JOBS: "1",
    });
    try {
      const address = await listening(app);
      strictEqual(address, `http://[::1]:${port}/`);
      const res = await fetch(address);
      await res.body?.cancel();
      strictEqual(res.status, 200);
    } finally {
      await app.kill("SIGTERM");
    }
  });
}

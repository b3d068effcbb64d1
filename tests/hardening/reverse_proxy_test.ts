/**
 * The reverse proxy production runs in front of the app
 * (`deploy/nginx.ts`), tested for real: Debian's nginx and the app, both
 * under a lowered `ulimit -n`, over real sockets. Idle connections, and
 * requests whose head or body arrive too slowly, are closed after the
 * configured timeouts, and the shop keeps answering through the proxy.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert";
import { join } from "node:path";
import {
  MAX_TIMEOUT,
  nginxSite,
  PROXY_VARIABLES,
  proxyOptionsFromEnv,
} from "../../deploy/nginx.ts";
import { errorLines, freePort, removeKv, startApp } from "./_app_process.ts";
import { figure } from "./_scale.ts";
import { isSeeOther, ShopClient } from "./_shop_client.ts";

const NGINX = "/usr/sbin/nginx";
const FD_LIMIT = 256;
const TIMEOUT_SECONDS = 2;

function envOf(vars: Record<string, string>): Pick<Deno.Env, "get"> {
  return { get: (name: string) => vars[name] };
}

Deno.test("proxy config: defaults, and every variable's bounds", () => {
  deepStrictEqual(proxyOptionsFromEnv(envOf({})), {
    listen: "80",
    upstream: "127.0.0.1:8000",
    idleTimeout: 15,
    headersTimeout: 10,
    bodyTimeout: 10,
  });
  const valid: [string, string][] = [
    ["PROXY_LISTEN", "1"],
    ["PROXY_LISTEN", "127.0.0.1:65535"],
    ["PROXY_LISTEN", "[::1]:8080"],
    ["APP_UPSTREAM", "app.internal:8000"],
    ["HTTP_IDLE_TIMEOUT", "1"],
    ["HTTP_HEADERS_TIMEOUT", String(MAX_TIMEOUT)],
    ["HTTP_BODY_TIMEOUT", "30"],
  ];
  for (const [name, value] of valid) {
    proxyOptionsFromEnv(envOf({ [name]: value }));
  }
  const invalid: [string, string][] = [
    ["PROXY_LISTEN", "0"],
    ["PROXY_LISTEN", "65536"],
    ["PROXY_LISTEN", "80; include /etc/passwd"],
    ["APP_UPSTREAM", "8000"],
    ["APP_UPSTREAM", "host:99999"],
    ["HTTP_IDLE_TIMEOUT", "0"],
    ["HTTP_HEADERS_TIMEOUT", String(MAX_TIMEOUT + 1)],
    ["HTTP_BODY_TIMEOUT", "1.5"],
    ["HTTP_BODY_TIMEOUT", "10s"],
    ["HTTP_IDLE_TIMEOUT", "-5"],
  ];
  for (const [name, value] of invalid) {
    ok(name in PROXY_VARIABLES, name);
    throws(
      () => proxyOptionsFromEnv(envOf({ [name]: value })),
      (error: Error) => error.message.startsWith(`${name} must be`),
      `${name}=${value}`,
    );
  }
});

/** nginx, run in the foreground from a folder of its own. */
async function startNginx(site: string) {
  try {
    await Deno.stat(NGINX);
  } catch {
    throw new Error(
      `${NGINX} is missing: install it with \`apt-get install nginx\` (.ci/run does).`,
    );
  }
  const dir = await Deno.makeTempDir({ prefix: "shop-nginx-" });
  // Workers drop root privileges and must still write their temp files.
  await Deno.chmod(dir, 0o777);
  await Deno.writeTextFile(join(dir, "site.conf"), site);
  await Deno.writeTextFile(
    join(dir, "nginx.conf"),
    `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path ${dir}/body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    include ${dir}/site.conf;
}
`,
  );
  const child = new Deno.Command("bash", {
    args: [
      "-c",
      `ulimit -n ${FD_LIMIT} && exec "$0" -p "$1" -c "$1/nginx.conf"`,
      NGINX,
      dir,
    ],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stderr = child.stderr.pipeThrough(new TextDecoderStream());
  let startup = "";
  stderr.pipeTo(
    new WritableStream({
      write: (chunk) => {
        startup += chunk;
      },
    }),
  ).catch(() => {});
  return {
    dir,
    log: async () => {
      try {
        return startup + await Deno.readTextFile(join(dir, "error.log"));
      } catch {
        return startup;
      }
    },
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch {
        // Already gone.
      }
      await child.status;
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** Resolves with what the server sent before it closed the connection. */
async function readUntilClosed(conn: Deno.Conn): Promise<string> {
  const buf = new Uint8Array(8192);
  let text = "";
  try {
    for (let n; (n = await conn.read(buf)) !== null;) {
      text += new TextDecoder().decode(buf.subarray(0, n));
    }
  } catch {
    // Reset by the server: closed too.
  }
  return text;
}

async function waitForAnswer(url: string): Promise<Response> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await fetch(url, { signal: AbortSignal.timeout(5000) });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

Deno.test("behind nginx at ulimit -n 256: idle, slow-header and slow-body connections are closed; the shop keeps answering", async () => {
  const app = await startApp({ fdLimit: FD_LIMIT });
  const port = freePort();
  const seconds = String(TIMEOUT_SECONDS);
  const site = nginxSite(proxyOptionsFromEnv(envOf({
    PROXY_LISTEN: `127.0.0.1:${port}`,
    APP_UPSTREAM: `127.0.0.1:${app.port}`,
    HTTP_IDLE_TIMEOUT: seconds,
    HTTP_HEADERS_TIMEOUT: seconds,
    HTTP_BODY_TIMEOUT: seconds,
  })));
  const nginx = await startNginx(site);
  const origin = `http://127.0.0.1:${port}`;
  const connect = () => Deno.connect({ hostname: "127.0.0.1", port });
  const encode = (text: string) => new TextEncoder().encode(text);
  try {
    const first = await waitForAnswer(`${origin}/about`);
    strictEqual(first.status, 200);
    await first.body?.cancel();

    // 300 connections that send nothing: more than either process may hold.
    const idle: Deno.Conn[] = [];
    for (let i = 0; i < 300; i++) {
      try {
        idle.push(await connect());
      } catch {
        // Refused by a full backlog: the others still count.
      }
    }
    const idleClosed = Promise.all(idle.map(readUntilClosed));

    // A head sent one byte at a time, never finished in time.
    const slowHead = await connect();
    const head = `GET /about HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${
      "a".repeat(200)
    }`;
    const slowHeadClosed = readUntilClosed(slowHead);
    let headBytesSent = 0;
    const trickle = (async () => {
      for (const byte of encode(head)) {
        try {
          await slowHead.write(new Uint8Array([byte]));
        } catch {
          return;
        }
        headBytesSent++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    // A body that stops after 10 of the 100 bytes it announced.
    const slowBody = await connect();
    await slowBody.write(encode(
      `POST /cart/add HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${origin}\r\n` +
        "Content-Type: application/x-www-form-urlencoded\r\n" +
        "Content-Length: 100\r\n\r\nproduct_i",
    ));
    const slowBodyAnswer = await readUntilClosed(slowBody);

    // A kept-alive connection that goes quiet after one request.
    const keptAlive = await connect();
    await keptAlive.write(
      encode("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
    );
    const keptAliveAnswer = await readUntilClosed(keptAlive);

    const idleAnswers = await idleClosed;
    const slowHeadAnswer = await slowHeadClosed;
    await trickle;
    for (const conn of [...idle, slowHead, slowBody, keptAlive]) {
      try {
        conn.close();
      } catch {
        // Already closed.
      }
    }

    const after = await waitForAnswer(`${origin}/cart`);
    const afterStatus = after.status;
    await after.body?.cancel();
    // A form post through the proxy passes the same-origin check.
    const shopper = new ShopClient(origin);
    const added = await shopper.post("/cart/add", { product_id: "notebook" });
    const cart = await shopper.get("/cart");
    const log = await nginx.log();
    figure("reverse proxy", {
      idleOpened: idle.length,
      idleClosedWithoutAnswer: idleAnswers.filter((a) => a === "").length,
      slowHeadBytesSent: `${headBytesSent}/${head.length}`,
      slowHeadAnswer: slowHeadAnswer.split("\r\n")[0],
      slowBodyAnswer: slowBodyAnswer.split("\r\n")[0],
      keptAliveAnswer: keptAliveAnswer.split("\r\n")[0],
      afterStatus,
      addThroughProxy: added.status,
      nginxOutOfDescriptors: /Too many open files/.test(log),
    });
    ok(idle.length > FD_LIMIT, `opened ${idle.length}`);
    strictEqual(
      idleAnswers.filter((a) => a === "").length,
      idle.length,
      "every idle connection is closed, with no answer",
    );
    ok(headBytesSent < head.length, "the slow head was cut off");
    ok(!/ 200 /.test(slowHeadAnswer), slowHeadAnswer);
    ok(
      slowBodyAnswer === "" || / 408 /.test(slowBodyAnswer),
      slowBodyAnswer,
    );
    ok(/ 200 /.test(keptAliveAnswer), "the kept-alive request was answered");
    strictEqual(afterStatus, 200);
    ok(isSeeOther(added, "/cart"), `add through nginx: ${added.status}`);
    ok(cart.html.includes("Dot-grid notebook"), "the item is in the cart");
    deepStrictEqual(errorLines(app.output()), []);
  } finally {
    await nginx.stop();
    await app.kill();
    await removeKv(app.kvPath);
  }
});

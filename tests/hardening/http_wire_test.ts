/**
 * Hostile input that only a real socket can send (TRACE, a broken request
 * line, oversized headers), and the account-security checks over real HTTP
 * against `main.ts`: the session id rotates at login, a logged-out cookie
 * replays as anonymous, and an unknown user and a wrong password get the
 * same answer after the same work. (tests/routes/accounts_test.ts covers
 * the rest in-process: per-username and per-address guessing limits,
 * revoke, password change.)
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { DEMO_PASSWORD, DEMO_USERNAME } from "../../utils/accounts/users.ts";
import { errorLines, removeKv, startApp } from "./_app_process.ts";
import { figure } from "./_scale.ts";
import { banners, isSeeOther, ShopClient } from "./_shop_client.ts";

/**
 * Sends raw bytes and returns the status line of the answer. With
 * `halfClose`, the client then stops sending, as one that gave up would.
 */
async function raw(
  port: number,
  request: string,
  halfClose = false,
): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await conn.write(new TextEncoder().encode(request));
    if (halfClose) await conn.closeWrite();
    const buf = new Uint8Array(4096);
    const n = await conn.read(buf);
    return new TextDecoder().decode(buf.subarray(0, n ?? 0)).split("\r\n")[0];
  } finally {
    conn.close();
  }
}

/** Sends one request with `Connection: close` and reads the whole answer. */
async function exchange(port: number, request: string): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await conn.write(new TextEncoder().encode(request));
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    const buf = new Uint8Array(16 * 1024);
    for (let n; (n = await conn.read(buf)) !== null;) {
      chunks.push(buf.slice(0, n));
    }
    return new TextDecoder().decode(await new Blob(chunks).arrayBuffer());
  } finally {
    conn.close();
  }
}

function signedInAs(html: string): string | null {
  return html.match(/Signed in as <strong>([^<]*)<\/strong>/)?.[1] ?? null;
}

Deno.test("over a real socket: odd methods and malformed requests are refused, the app keeps serving", async () => {
  const app = await startApp();
  try {
    const host = `Host: 127.0.0.1:${app.port}\r\n`;
    const results = {
      trace: await raw(
        app.port,
        `TRACE / HTTP/1.1\r\n${host}Connection: close\r\n\r\n`,
      ),
      traceForm: await raw(
        app.port,
        `TRACE /cart/add HTTP/1.1\r\n${host}Connection: close\r\n\r\n`,
      ),
      garbage: await raw(app.port, "\x00\x01 nonsense\r\n\r\n"),
      bigHeader: await raw(
        app.port,
        `GET / HTTP/1.1\r\n${host}Cookie: sid=${
          "a".repeat(16 * 1024)
        }\r\nConnection: close\r\n\r\n`,
      ),
      absoluteUri: await raw(
        app.port,
        `GET http://evil.example/ HTTP/1.1\r\n${host}Connection: close\r\n\r\n`,
      ),
      // Declares 100 bytes, sends 19, stops: the form is cut short.
      truncatedBody: await raw(
        app.port,
        `POST /cart/add HTTP/1.1\r\n${host}Origin: ${app.origin}\r\n` +
          "Content-Type: application/x-www-form-urlencoded\r\n" +
          "Content-Length: 100\r\n\r\nproduct_id=notebook",
        true,
      ),
      dotSegments: await raw(
        app.port,
        `GET /../../deno.json HTTP/1.1\r\n${host}Connection: close\r\n\r\n`,
      ),
    };
    figure("wire", results);
    ok(/ 405 /.test(results.trace), results.trace);
    ok(/ 405 /.test(results.traceForm), results.traceForm);
    ok(
      / 400 /.test(results.garbage) || results.garbage === "",
      results.garbage,
    );
    ok(/ (200|431) /.test(results.bigHeader), results.bigHeader);
    ok(/ 404 /.test(results.dotSegments), results.dotSegments);
    ok(/ 400 /.test(results.truncatedBody), results.truncatedBody);
    ok(!/ 5\d\d /.test(results.absoluteUri), results.absoluteUri);
    const res = await fetch(`${app.origin}/about`);
    strictEqual(res.status, 200);
    await res.body?.cancel();
    deepStrictEqual(errorLines(app.output()), []);
  } finally {
    await app.kill();
    await removeKv(app.kvPath);
  }
});

Deno.test("over a real socket: an invalid Host is a 400, and the route comes from the path, never the Host", async () => {
  const app = await startApp();
  try {
    const get = (path: string, host: string) =>
      exchange(
        app.port,
        `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      );
    const statusOf = (answer: string) => answer.split("\r\n")[0];
    const invalid: Record<string, string> = {};
    for (
      const host of ["a b", "x:99999", "%", "h@x", "h#x", "127.0.0.1\\cart"]
    ) {
      invalid[host] = statusOf(await get("/about", host));
    }
    figure("invalid Host", invalid);
    for (const [host, status] of Object.entries(invalid)) {
      ok(/ 400 /.test(status), `${host}: ${status}`);
    }

    // The Host smuggles a path: the page must still be /about's.
    const smuggled = await get("/about", "127.0.0.1/account/sessions?");
    ok(/ 400 /.test(statusOf(smuggled)), statusOf(smuggled));
    const about = await get("/about", `127.0.0.1:${app.port}`);
    ok(/ 200 /.test(statusOf(about)), statusOf(about));
    ok(about.includes("<title>"), "the about page");
    ok(!/^set-cookie:/im.test(smuggled), "no session for a refused request");

    const res = await fetch(`${app.origin}/about`);
    strictEqual(res.status, 200);
    await res.body?.cancel();
    deepStrictEqual(errorLines(app.output()), []);
  } finally {
    await app.kill();
    await removeKv(app.kvPath);
  }
});

/** The headers of a raw answer, lower-cased names. */
function headersOf(answer: string): Map<string, string> {
  const head = answer.slice(0, answer.indexOf("\r\n\r\n")).split("\r\n");
  return new Map(
    head.slice(1).map((line) => {
      const colon = line.indexOf(":");
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
}

Deno.test("over a real socket: HEAD sends the GET's length; bundles answer 405 to writes and honour weak, listed and * ETags", async () => {
  const app = await startApp();
  try {
    const page = await fetch(`${app.origin}/about`);
    const html = await page.text();
    const bundle = html.match(/\/_frsh\/js\/[^"']+\.js/)?.[0];
    ok(bundle, "the about page loads a bundle");
    const js = await fetch(`${app.origin}${bundle}`);
    const jsBytes = (await js.bytes()).byteLength;
    const etag = js.headers.get("etag")!;
    ok(etag, "bundles carry an ETag");

    const send = (method: string, path: string, extra = "") =>
      exchange(
        app.port,
        `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${app.port}\r\n` +
          `Origin: ${app.origin}\r\n${extra}Connection: close\r\n\r\n`,
      );
    const head = {
      page: headersOf(await send("HEAD", "/about")).get("content-length"),
      bundle: headersOf(await send("HEAD", bundle)).get("content-length"),
    };
    const writes: Record<string, string> = {};
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const answer = await send(method, bundle, "Content-Length: 0\r\n");
      writes[method] = `${answer.split("\r\n")[0]} allow=${
        headersOf(answer).get("allow")
      }`;
    }
    const revalidate: Record<string, string> = {};
    for (
      const header of [
        etag,
        `W/${etag}`,
        `"other", ${etag}`,
        "*",
        `"other"`,
      ]
    ) {
      revalidate[header] =
        (await send("GET", bundle, `If-None-Match: ${header}\r\n`))
          .split("\r\n")[0];
    }
    figure("HEAD and bundles", {
      getLength: {
        page: new TextEncoder().encode(html).byteLength,
        bundle: jsBytes,
      },
      head,
      writes,
      revalidate,
    });
    strictEqual(head.page, String(new TextEncoder().encode(html).byteLength));
    strictEqual(head.bundle, String(jsBytes));
    for (const [method, answer] of Object.entries(writes)) {
      strictEqual(
        answer,
        "HTTP/1.1 405 Method Not Allowed allow=GET, HEAD",
        method,
      );
    }
    for (const [header, status] of Object.entries(revalidate)) {
      const expected = header === `"other"` ? " 200 " : " 304 ";
      ok(status.includes(expected), `${header}: ${status}`);
    }
    deepStrictEqual(errorLines(app.output()), []);
  } finally {
    await app.kill();
    await removeKv(app.kvPath);
  }
});

Deno.test("account security over real HTTP: rotation at login, dead cookie after logout, one answer for both failures", async () => {
  const app = await startApp();
  try {
    const browser = new ShopClient(app.origin);
    ok(
      isSeeOther(
        await browser.post("/cart/add", { product_id: "notebook" }),
        "/cart",
      ),
    );
    const guestToken = browser.jar.get("sid");
    ok(guestToken);
    ok(isSeeOther(
      await browser.post("/login", {
        username: DEMO_USERNAME,
        password: DEMO_PASSWORD,
      }),
      "/",
    ));
    const memberToken = browser.jar.get("sid");
    ok(
      memberToken && memberToken !== guestToken,
      "the session id rotates at login",
    );
    const home = await browser.get("/");
    strictEqual(signedInAs(home.html), DEMO_USERNAME);

    // The pre-login cookie is dead.
    const stale = new ShopClient(app.origin);
    stale.jar.set("sid", guestToken!);
    strictEqual(signedInAs((await stale.get("/")).html), null);

    ok(isSeeOther(await browser.post("/logout"), "/"));
    const replay = new ShopClient(app.origin);
    replay.jar.set("sid", memberToken!);
    const replayed = await replay.get("/account/sessions");
    strictEqual(replayed.res.status, 303, "the logged-out cookie is anonymous");
    strictEqual(signedInAs((await replay.get("/")).html), null);

    // Unknown user and wrong password: same status, same page shape.
    const a = new ShopClient(app.origin);
    const b = new ShopClient(app.origin);
    const wrong = await a.request("/login", {
      method: "POST",
      body: new URLSearchParams({
        username: DEMO_USERNAME,
        password: "wrong password",
      }),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: app.origin,
      },
    });
    const unknown = await b.request("/login", {
      method: "POST",
      body: new URLSearchParams({
        username: "nobodyhere",
        password: "wrong password",
      }),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: app.origin,
      },
    });
    strictEqual(wrong.res.status, 422);
    strictEqual(unknown.res.status, 422);
    const shape = (html: string, name: string) =>
      html.replace(`value="${name}"`, 'value="NAME"').replace(
        /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
        "ID",
      ).replace(/nonce="[^"]+"/g, 'nonce="N"');
    strictEqual(
      shape(wrong.html, DEMO_USERNAME),
      shape(unknown.html, "nobodyhere"),
    );
    deepStrictEqual(banners(wrong.html).map((m) => m.text), [
      "Wrong username or password.",
    ]);
    deepStrictEqual(errorLines(app.output()), []);
  } finally {
    await app.kill();
    await removeKv(app.kvPath);
  }
});

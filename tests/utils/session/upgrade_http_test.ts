/**
 * A deploy that changes a session key's shape, over real HTTP on one real
 * KV file: version 1 of an app (the shop's own `cartKey`, which stores the
 * unversioned list of lines every deployed session holds) fills a cart; it
 * stops, and version 2 of the app, whose cart has a new shape and a
 * migration, starts on the same file. The cart still shows its items, and
 * is stored in the new shape from its next write; a value from a newer
 * version still gives the empty cart page, logged once.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import {
  createSessionManager,
  defineSessionKey,
  type JsonValue,
  type SessionKey,
} from "../../../utils/session/mod.ts";
import type { LogDetails } from "../../../utils/session/logger.ts";
import { hashToken, type SessionToken } from "../../../utils/session/token.ts";
import { addToCart, type CartLine, toCart } from "../../../utils/shop/cart.ts";
import { cartKey } from "../../../utils/shop/session_keys.ts";

/** Version 2 of the cart: the lines, and the currency they were priced in. */
type CartV2 = { lines: CartLine[]; currency: string };

const cartKeyV2 = defineSessionKey<CartV2>("cart", {
  parse: (value) => {
    const v = value as Partial<CartV2> | null;
    return typeof v?.currency === "string" && Array.isArray(v.lines)
      ? { lines: toCart(v.lines), currency: v.currency }
      : undefined;
  },
  default: () => ({ lines: [], currency: "EUR" }),
  version: 2,
  migrate: { 1: (lines) => ({ lines: toCart(lines), currency: "EUR" }) },
});

/** One version of the app: GET /cart shows the cart, POST /cart/add adds. */
function serveApp<T extends JsonValue>(
  kv: Deno.Kv,
  key: SessionKey<T>,
  lines: (cart: T) => CartLine[],
  add: (cart: T, id: string) => T,
  warnings: LogDetails[],
) {
  const sessions = createSessionManager({
    kv,
    logger: { info() {}, warn: (_m, details) => warnings.push(details!) },
  });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (req) => {
      const session = await sessions.loadSession(req);
      const url = new URL(req.url);
      let res: Response;
      if (req.method === "POST") {
        const id = url.searchParams.get("id")!;
        key.update(session, (cart) => add(cart, id));
        res = new Response(null, { status: 303, headers: { location: "/" } });
      } else {
        const shown = lines(key.get(session))
          .map((l) => `<li>${l.id} × ${l.qty}</li>`).join("");
        res = new Response(`<ul>${shown}</ul>`);
      }
      await sessions.commitSession(session, res.headers);
      return res;
    },
  );
  return { origin: `http://127.0.0.1:${server.addr.port}`, server };
}

const v1App = (kv: Deno.Kv, warnings: LogDetails[]) =>
  serveApp(kv, cartKey, (c) => c, (c, id) => addToCart(c, id, 1), warnings);

const v2App = (kv: Deno.Kv, warnings: LogDetails[]) =>
  serveApp(
    kv,
    cartKeyV2,
    (c) => c.lines,
    (c, id) => ({ ...c, lines: addToCart(c.lines, id, 1) }),
    warnings,
  );

async function post(origin: string, path: string, cookie?: string) {
  const res = await fetch(origin + path, {
    method: "POST",
    redirect: "manual",
    headers: cookie ? { cookie } : {},
  });
  await res.body?.cancel();
  return res.headers.get("set-cookie")?.split(";")[0] ?? cookie!;
}

async function page(origin: string, cookie: string): Promise<string> {
  return await (await fetch(origin + "/", { headers: { cookie } })).text();
}

/** The stored session data of `cookie`, parsed. */
async function storedData(kv: Deno.Kv, cookie: string) {
  const token = cookie.split("=")[1] as SessionToken;
  const entry = await kv.get<{ data: string }>(["sessions", hashToken(token)]);
  return JSON.parse(entry.value!.data);
}

Deno.test("carts stored by version 1 of an app are migrated by version 2 and keep their items", async () => {
  const path = await Deno.makeTempFile({ suffix: ".kv" });
  const warnings: LogDetails[] = [];
  try {
    // Version 1 runs, and a shopper fills a cart.
    let kv = await Deno.openKv(path);
    const v1 = v1App(kv, warnings);
    let cookie = await post(v1.origin, "/cart/add?id=notebook");
    cookie = await post(v1.origin, "/cart/add?id=notebook", cookie);
    cookie = await post(v1.origin, "/cart/add?id=backpack", cookie);
    ok((await page(v1.origin, cookie)).includes("notebook × 2"));
    deepStrictEqual((await storedData(kv, cookie)).cart, [
      { id: "notebook", qty: 2 },
      { id: "backpack", qty: 1 },
    ]);
    await v1.server.shutdown();
    kv.close();

    // The deploy: version 2 starts on the same file.
    kv = await Deno.openKv(path);
    const v2 = v2App(kv, warnings);
    const shown = await page(v2.origin, cookie);
    ok(shown.includes("notebook × 2") && shown.includes("backpack × 1"), shown);
    // Its next write stores the new shape, which reads back as is.
    cookie = await post(v2.origin, "/cart/add?id=sunglasses", cookie);
    deepStrictEqual((await storedData(kv, cookie)).cart, {
      $v: 2,
      $value: {
        lines: [
          { id: "notebook", qty: 2 },
          { id: "backpack", qty: 1 },
          { id: "sunglasses", qty: 1 },
        ],
        currency: "EUR",
      },
    });
    ok((await page(v2.origin, cookie)).includes("sunglasses × 1"));
    deepStrictEqual(warnings, [], "nothing was dropped");
    await v2.server.shutdown();
    kv.close();
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("after the deploy, a cart from a newer version still gives a working page, logged once", async () => {
  const path = await Deno.makeTempFile({ suffix: ".kv" });
  const warnings: LogDetails[] = [];
  try {
    const kv = await Deno.openKv(path);
    const v2 = v2App(kv, warnings);
    const cookie = await post(v2.origin, "/cart/add?id=notebook");
    // A version 3 deployed elsewhere (or rolled back from) wrote this.
    const token = cookie.split("=")[1] as SessionToken;
    const key = ["sessions", hashToken(token)];
    const entry = await kv.get<{ data: string }>(key);
    await kv.set(key, {
      ...entry.value!,
      data: JSON.stringify({ cart: { $v: 3, $value: { items: {} } } }),
    });
    for (let i = 0; i < 3; i++) {
      const res = await fetch(v2.origin + "/", { headers: { cookie } });
      strictEqual(res.status, 200);
      strictEqual(await res.text(), "<ul></ul>");
    }
    strictEqual(warnings.length, 1, "logged once");
    strictEqual(warnings[0].reason, "stored version 3 is newer than 2");
    await v2.server.shutdown();
    kv.close();
  } finally {
    await Deno.remove(path);
  }
});

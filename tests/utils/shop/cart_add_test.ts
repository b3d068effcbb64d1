/**
 * The add-to-cart decision: the reply and the stored cart agree, also
 * when a concurrent save makes the session replay the add.
 */
import { deepStrictEqual, strictEqual } from "node:assert";
import {
  CART_KEY,
  type CartLine,
  MAX_CART_LINES,
  MAX_LINE_QUANTITY,
  toCart,
} from "../../../utils/shop/cart.ts";
import { addToSessionCart, decideAdd } from "../../../utils/shop/cart_add.ts";
import { silentLogger } from "../../../utils/session/logger.ts";
import { createSessionManager } from "../../../utils/session/manager.ts";
import { cookiePair, request } from "../session/_helpers.ts";

function lines(n: number): CartLine[] {
  return Array.from({ length: n }, (_, i) => ({ id: `p${i}`, qty: 1 }));
}

Deno.test("decideAdd: added only when the limits leave room", async (t) => {
  const cases: [
    string,
    CartLine[],
    string,
    number,
    ReturnType<
      typeof decideAdd
    >,
  ][] = [
    ["empty cart", [], "a", 1, { added: true, quantity: 1 }],
    ["one line short of full", lines(MAX_CART_LINES - 1), "new", 1, {
      added: true,
      quantity: 1,
    }],
    ["full, new product", lines(MAX_CART_LINES), "new", 1, {
      added: false,
      reason: "full",
    }],
    ["full, product already in it", lines(MAX_CART_LINES), "p3", 2, {
      added: true,
      quantity: 2,
    }],
    ["line at its maximum", [{ id: "a", qty: MAX_LINE_QUANTITY }], "a", 1, {
      added: false,
      reason: "line-max",
    }],
    [
      "line just below its maximum",
      [{
        id: "a",
        qty: MAX_LINE_QUANTITY - 1,
      }],
      "a",
      5,
      { added: true, quantity: 1 },
    ],
  ];
  for (const [name, cart, id, qty, expected] of cases) {
    await t.step(
      name,
      () => deepStrictEqual(decideAdd(cart, id, qty), expected),
    );
  }
});

Deno.test("addToSessionCart: a refused add leaves the session unmodified", async () => {
  using kv = await Deno.openKv(":memory:");
  const manager = createSessionManager({ kv, logger: silentLogger });
  const session = await manager.loadSession(request());
  const full = [{ id: "a", qty: MAX_LINE_QUANTITY }];
  session.set(CART_KEY, full);
  await manager.commitSession(session, new Headers());
  const outcome = addToSessionCart(session, "a", 1);
  strictEqual(outcome.added, false);
  deepStrictEqual(outcome.cart, full);
  strictEqual(session.modified, false);
});

// Both requests see 49 lines and announce "Added"; the one that saves
// second replays its update on the 50-line cart. The replay must not drop
// the add the reply already announced.
Deno.test("two concurrent adds to a nearly full cart: both announced, both stored", async () => {
  using kv = await Deno.openKv(":memory:");
  const manager = createSessionManager({ kv, logger: silentLogger });
  const seed = await manager.loadSession(request());
  seed.set(CART_KEY, lines(MAX_CART_LINES - 1));
  const headers = new Headers();
  await manager.commitSession(seed, headers);
  const cookie = cookiePair(headers.get("set-cookie"));

  const [a, b] = await Promise.all([
    manager.loadSession(request(cookie)),
    manager.loadSession(request(cookie)),
  ]);
  const outcomeA = addToSessionCart(a, "first", 1);
  const outcomeB = addToSessionCart(b, "second", 1);
  strictEqual(outcomeA.added, true);
  strictEqual(outcomeB.added, true);
  await Promise.all([
    manager.commitSession(a, new Headers()),
    manager.commitSession(b, new Headers()),
  ]);

  const stored = toCart(
    (await manager.loadSession(request(cookie))).get(CART_KEY),
  );
  const ids = stored.map((line) => line.id);
  strictEqual(ids.includes("first"), true, "first add stored");
  strictEqual(ids.includes("second"), true, "second add stored");
  strictEqual(stored.length, MAX_CART_LINES + 1);
});

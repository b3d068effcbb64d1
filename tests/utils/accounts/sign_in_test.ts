/**
 * Saved carts across devices: sign-out folds the session's cart into the
 * saved cart instead of overwriting it, without counting the lines a
 * sign-in copied in twice; sign-in writes no cart to KV.
 */
import { deepStrictEqual } from "node:assert";
import {
  loadUserCart,
  mergeIntoUserCart,
} from "../../../utils/accounts/saved_cart.ts";
import { signIn, signOut } from "../../../utils/accounts/sign_in.ts";
import { insertUserEntry } from "../../../utils/accounts/users.ts";
import { silentLogger } from "../../../utils/session/logger.ts";
import { createSessionManager } from "../../../utils/session/manager.ts";
import type { Session } from "../../../utils/session/session.ts";
import { CART_KEY, type CartLine, toCart } from "../../../utils/shop/cart.ts";
import { roundTrip } from "../session/_helpers.ts";

function add(id: string, qty = 1) {
  return (session: Session) =>
    session.update<CartLine[]>(
      CART_KEY,
      (cart) => [...toCart(cart), { id, qty }],
      [],
    );
}

function sorted(cart: CartLine[]): CartLine[] {
  return [...cart].sort((a, b) => a.id.localeCompare(b.id));
}

async function setup() {
  const kv = await Deno.openKv(":memory:");
  const manager = createSessionManager({ kv, logger: silentLogger });
  /** One device: a cookie carried between requests. */
  const device = () => {
    let cookie: string | undefined;
    return async (act: (session: Session) => unknown) => {
      const result = await roundTrip(manager, cookie, act);
      cookie = result.cookie;
      return result.session;
    };
  };
  const alice = (await insertUserEntry(kv, "alice", "not-a-real-hash"))!;
  return { kv, device, alice };
}

Deno.test("a phone's items survive a laptop signing out later", async () => {
  const { kv, device, alice } = await setup();
  try {
    const phone = device();
    const laptop = device();
    await phone((s) => signIn(kv, s, alice));
    await laptop((s) => signIn(kv, s, alice));
    await phone(add("mug"));
    await laptop(add("lamp"));
    await phone((s) => signOut(kv, s));
    await laptop((s) => signOut(kv, s));
    deepStrictEqual(sorted(await loadUserCart(kv, alice.user.id)), [
      { id: "lamp", qty: 1 },
      { id: "mug", qty: 1 },
    ]);
  } finally {
    kv.close();
  }
});

Deno.test("signing in and out again counts the saved cart once", async () => {
  const { kv, device, alice } = await setup();
  try {
    const phone = device();
    await phone(add("mug", 2));
    await phone((s) => signIn(kv, s, alice));
    await phone((s) => signOut(kv, s));
    deepStrictEqual(await loadUserCart(kv, alice.user.id), [{
      id: "mug",
      qty: 2,
    }]);
    // Sign in on two devices with that saved cart, change nothing, sign out.
    const laptop = device();
    const session = await phone((s) => signIn(kv, s, alice));
    deepStrictEqual(toCart(session.get(CART_KEY)), [{ id: "mug", qty: 2 }]);
    await laptop((s) => signIn(kv, s, alice));
    await phone((s) => signOut(kv, s));
    await laptop((s) => signOut(kv, s));
    deepStrictEqual(await loadUserCart(kv, alice.user.id), [{
      id: "mug",
      qty: 2,
    }]);
  } finally {
    kv.close();
  }
});

Deno.test("sign-in writes no saved cart; the guest cart joins it at sign-out", async () => {
  const { kv, device, alice } = await setup();
  try {
    const phone = device();
    await phone(add("mug"));
    await phone((s) => signIn(kv, s, alice));
    deepStrictEqual(await loadUserCart(kv, alice.user.id), []);
    await phone((s) => signOut(kv, s));
    deepStrictEqual(await loadUserCart(kv, alice.user.id), [{
      id: "mug",
      qty: 1,
    }]);
  } finally {
    kv.close();
  }
});

Deno.test("items ordered (or removed) in the session do not come back", async () => {
  const { kv, device, alice } = await setup();
  try {
    await mergeIntoUserCart(kv, alice.user.id, [], [{ id: "mug", qty: 3 }]);
    const phone = device();
    await phone((s) => signIn(kv, s, alice));
    await phone((s) => s.set(CART_KEY, [{ id: "mug", qty: 1 }]));
    await phone((s) => signOut(kv, s));
    deepStrictEqual(await loadUserCart(kv, alice.user.id), [{
      id: "mug",
      qty: 1,
    }]);
  } finally {
    kv.close();
  }
});

Deno.test("concurrent sign-outs on two devices keep both carts (compare-and-set)", async () => {
  const { kv, alice } = await setup();
  try {
    await Promise.all(
      Array.from(
        { length: 10 },
        (_, i) =>
          mergeIntoUserCart(kv, alice.user.id, [], [{ id: `p${i}`, qty: 1 }]),
      ),
    );
    deepStrictEqual(
      (await loadUserCart(kv, alice.user.id)).map((l) => l.id).sort(),
      Array.from({ length: 10 }, (_, i) => `p${i}`).sort(),
    );
  } finally {
    kv.close();
  }
});

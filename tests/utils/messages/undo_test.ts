/**
 * Undo records kept in the session: offered with a message's action, taken
 * once, gone with the message's TTL, and safe when two requests race.
 */
import { deepStrictEqual, strictEqual } from "node:assert";
import { offerUndo, takeUndo, UNDO_KEY } from "../../../utils/messages/undo.ts";
import type { JsonValue } from "../../../utils/session/mod.ts";
import { fakeClock, sessionManager, withSession } from "./_app.ts";
import { withKv } from "../../helpers/kv.ts";

const TTL_MS = 10 * 60_000;

Deno.test("an undo is taken once, then it is gone", async () => {
  await withKv(async (kv) => {
    const manager = sessionManager(kv);
    let action = {
      label: "",
      action: "",
      fields: {} as Record<string, string>,
    };
    const cookie = await withSession(manager, "", (session) => {
      action = offerUndo(session, "cart-line", { id: "mug", qty: 2 }, {
        now: Date.now(),
        ttlMs: TTL_MS,
      });
    });
    strictEqual(action.label, "Undo");
    strictEqual(action.action, "/undo");
    const id = action.fields.undo;
    strictEqual(typeof id, "string");
    await withSession(manager, cookie, (session) => {
      deepStrictEqual(takeUndo(session, id, Date.now())?.data, {
        id: "mug",
        qty: 2,
      });
    });
    await withSession(manager, cookie, (session) => {
      strictEqual(takeUndo(session, id, Date.now()), undefined, "used");
      deepStrictEqual(session.get(UNDO_KEY, []), []);
    });
  });
});

Deno.test("an undo expires with its message, and unknown or corrupt ones are refused", async () => {
  await withKv(async (kv) => {
    const clock = fakeClock();
    const manager = sessionManager(kv, clock.now);
    let id = "";
    const cookie = await withSession(manager, "", (session) => {
      id = offerUndo(session, "cart-clear", [], {
        now: clock.now(),
        ttlMs: TTL_MS,
      }).fields.undo;
      // A corrupt neighbour must not break the list.
      session.update<JsonValue>(UNDO_KEY, (list) => [
        ...(Array.isArray(list) ? list : []),
        "garbage",
        { id: 7 },
      ], []);
    });
    await withSession(manager, cookie, (session) => {
      strictEqual(takeUndo(session, "no-such-id", clock.now()), undefined);
      strictEqual(takeUndo(session, "", clock.now()), undefined);
      strictEqual(
        takeUndo(session, id, clock.now() + TTL_MS + 1),
        undefined,
        "expired",
      );
    });
  });
});

Deno.test("two requests racing on one undo: the restore is applied once", async () => {
  await withKv(async (kv) => {
    const manager = sessionManager(kv);
    let id = "";
    const cookie = await withSession(manager, "", (session) => {
      session.set("count", 0);
      id = offerUndo(session, "bump", null, { now: Date.now(), ttlMs: TTL_MS })
        .fields.undo;
    });
    // Both requests load the session before either saves.
    const loaded = Promise.withResolvers<void>();
    let waiting = 2;
    const race = () =>
      withSession(manager, cookie, async (session) => {
        takeUndo(session, id, Date.now(), {
          keys: ["count"],
          apply: (current) => ({ count: Number(current.count ?? 0) + 1 }),
        });
        if (--waiting === 0) loaded.resolve();
        await loaded.promise;
      });
    await Promise.all([race(), race()]);
    await withSession(manager, cookie, (session) => {
      strictEqual(session.get("count"), 1);
      deepStrictEqual(session.get(UNDO_KEY, []), []);
    });
  });
});

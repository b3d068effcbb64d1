/**
 * MessageStorage and the api.ts functions on a real session in a real
 * in-memory KV, without HTTP: levels, `now`, de-duplication, the cap, the
 * TTL and the error for a missing middleware.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert";
import * as messages from "../../../utils/messages/mod.ts";
import { MessageFailure, MessageStorage } from "../../../utils/messages/mod.ts";
import { takeMessagesForJson } from "../../../utils/messages/api.ts";
import { SESSION_KEY } from "../../../utils/messages/session_key.ts";
import {
  type MessagesOptions,
  resolveMessagesOptions,
} from "../../../utils/messages/options.ts";
import type { Session } from "../../../utils/session/mod.ts";
import { fakeClock, sessionManager, withSession } from "./_app.ts";
import { withKv } from "../../helpers/kv.ts";

/** One request's context as handlers see it: `{ state: { session, messages } }`. */
interface Ctx {
  state: { session: Session; messages: MessageStorage };
}

/**
 * Runs `fn` as one request on the session `cookie` names; returns the
 * cookie for the next request.
 */
function request(
  manager: ReturnType<typeof sessionManager>,
  cookie: string,
  options: MessagesOptions,
  fn: (ctx: Ctx) => void,
): Promise<string> {
  return withSession(manager, cookie, (session) => {
    const storage = new MessageStorage(
      session,
      resolveMessagesOptions(options),
    );
    fn({ state: { session, messages: storage } });
  });
}

const texts = (list: { text: string }[]) => list.map((m) => m.text);

Deno.test("the minimum level is INFO by default: DEBUG is dropped", async () => {
  await withKv(async (kv) => {
    const manager = sessionManager(kv);
    const cookie = await request(manager, "", {}, (ctx) => {
      strictEqual(messages.getLevel(ctx), messages.INFO);
      strictEqual(messages.debug(ctx, "trace"), undefined);
      ok(messages.info(ctx, "hello"));
      ok(messages.success(ctx, "saved"));
      ok(messages.warning(ctx, "careful"));
      ok(messages.error(ctx, "failed"));
    });
    await request(manager, cookie, {}, (ctx) => {
      deepStrictEqual(texts(ctx.state.messages.forRender()), [
        "hello",
        "saved",
        "careful",
        "failed",
      ]);
    });
  });
});

Deno.test("the minimum level is configurable and can change per request", async () => {
  await withKv(async (kv) => {
    const manager = sessionManager(kv);
    const cookie = await request(
      manager,
      "",
      { level: messages.WARNING },
      (ctx) => {
        messages.success(ctx, "below");
        messages.warning(ctx, "at");
        strictEqual(messages.setLevel(ctx, messages.DEBUG), true);
        messages.debug(ctx, "debug now allowed");
        messages.setLevel(ctx, null);
        strictEqual(messages.getLevel(ctx), messages.WARNING);
        messages.info(ctx, "below again");
        throws(() => messages.setLevel(ctx, -3), TypeError);
      },
    );
    await request(manager, cookie, {}, (ctx) => {
      deepStrictEqual(texts(ctx.state.messages.pending()), [
        "at",
        "debug now allowed",
      ]);
    });
  });
});

Deno.test("custom levels are stored and tagged by the levelTags option", async () => {
  await withKv(async (kv) => {
    const manager = sessionManager(kv);
    const options = { levelTags: { 35: "notice" } };
    const cookie = await request(manager, "", options, (ctx) => {
      messages.addMessage(ctx, 35, "Maintenance tonight", { extraTags: "ops" });
      messages.addMessage(ctx, 22, "untagged");
    });
    await request(manager, cookie, options, (ctx) => {
      deepStrictEqual(
        ctx.state.messages.forRender().map((m) => [m.level, m.tags]),
        [[35, "ops notice"], [22, ""]],
      );
    });
  });
});

Deno.test("extra tags come first in tags; whitespace is normalised", async () => {
  await withKv(async (kv) => {
    const manager = sessionManager(kv);
    await request(manager, "", {}, (ctx) => {
      messages.error(ctx, "Wrong password", { extraTags: "auth" });
      messages.info(ctx, "x", { extraTags: "  a   b " });
      deepStrictEqual(
        ctx.state.messages.forRender().map((m) => m.tags),
        ["auth error", "a b info"],
      );
    });
  });
});

Deno.test("{ now: true } shows a message in this response without storing it", async () => {
  await withKv(async (kv) => {
    const manager = sessionManager(kv);
    const cookie = await request(manager, "", {}, (ctx) => {
      messages.success(ctx, "stored");
      messages.warning(ctx, "Check the form", { now: true });
      messages.debug(ctx, "dropped even now", { now: true });
      deepStrictEqual(texts(ctx.state.messages.forRender()), [
        "stored",
        "Check the form",
      ]);
      deepStrictEqual(
        ctx.state.session.get<{ text: string }[]>(SESSION_KEY)?.map((m) =>
          m.text
        ),
        ["stored"],
      );
    });
    await request(manager, cookie, {}, (ctx) => {
      deepStrictEqual(texts(ctx.state.messages.pending()), ["stored"]);
    });
  });
});

Deno.test("identical pending messages (same level and text) are shown once", async () => {
  await withKv(async (kv) => {
    const manager = sessionManager(kv);
    let cookie = await request(manager, "", {}, (ctx) => {
      messages.success(ctx, "Added to cart");
      messages.success(ctx, "Added to cart");
      messages.error(ctx, "Added to cart");
    });
    cookie = await request(manager, cookie, {}, (ctx) => {
      messages.success(ctx, "Added to cart");
      messages.success(ctx, "Added to cart", { now: true });
    });
    await request(manager, cookie, {}, (ctx) => {
      deepStrictEqual(
        ctx.state.messages.forRender().map((m) => [m.levelTag, m.text]),
        [["error", "Added to cart"], ["success", "Added to cart"]],
      );
      strictEqual(
        (ctx.state.session.get(SESSION_KEY) as unknown[]).length,
        2,
      );
    });
  });
});

Deno.test("the queue is capped: the oldest are dropped with a log line", async () => {
  await withKv(async (kv) => {
    const manager = sessionManager(kv);
    const lines: string[] = [];
    const options: MessagesOptions = {
      maxPending: 50,
      logger: { warn: (line) => lines.push(line) },
    };
    let cookie = "";
    for (let batch = 0; batch < 3; batch++) {
      cookie = await request(manager, cookie, options, (ctx) => {
        for (let i = 0; i < 20; i++) {
          messages.info(ctx, `message ${batch * 20 + i}`);
        }
      });
    }
    await request(manager, cookie, options, (ctx) => {
      const pending = texts(ctx.state.messages.pending());
      strictEqual(pending.length, 50);
      strictEqual(pending[0], "message 10");
      strictEqual(pending[49], "message 59");
    });
    strictEqual(lines.length, 10);
    ok(lines.every((line) => /dropped the 1 oldest/.test(line)));
  });
});

Deno.test("a message older than the TTL is dropped unseen", async () => {
  await withKv(async (kv) => {
    const clock = fakeClock();
    const manager = sessionManager(kv, clock.now);
    const options: MessagesOptions = { now: clock.now };
    let cookie = await request(manager, "", options, (ctx) => {
      messages.info(ctx, "old news");
    });
    clock.advance(9 * 60_000);
    cookie = await request(manager, cookie, options, (ctx) => {
      messages.info(ctx, "fresh news");
      deepStrictEqual(texts(ctx.state.messages.pending()), [
        "old news",
        "fresh news",
      ]);
    });
    clock.advance(60_000); // "old news" is now exactly 10 minutes old.
    await request(manager, cookie, options, (ctx) => {
      deepStrictEqual(texts(ctx.state.messages.forRender()), ["fresh news"]);
    });
    // A shorter TTL applies too.
    await request(manager, cookie, { ...options, ttl: 30 }, (ctx) => {
      deepStrictEqual(texts(ctx.state.messages.forRender()), []);
    });
  });
});

Deno.test("used and addedNew follow Django's storage flags", async () => {
  await withKv(async (kv) => {
    const manager = sessionManager(kv);
    await request(manager, "", {}, (ctx) => {
      const storage = ctx.state.messages;
      strictEqual(storage.used, false);
      strictEqual(storage.addedNew, false);
      messages.debug(ctx, "dropped");
      strictEqual(storage.addedNew, false);
      messages.info(ctx, "kept");
      strictEqual(storage.addedNew, true);
      storage.pending();
      strictEqual(storage.used, false);
      messages.getMessages(ctx);
      strictEqual(storage.used, true);
    });
  });
});

Deno.test("without the middleware: MessageFailure naming the fix, or nothing when failSilently", () => {
  const ctx = { state: {} };
  throws(
    () => messages.success(ctx, "Post saved!"),
    (error: unknown) =>
      error instanceof MessageFailure &&
      /messages\(\) from utils\/messages\/mod\.ts to routes\/_middleware\.ts/
        .test(error.message),
  );
  throws(() => messages.addMessage(ctx, messages.ERROR, "x"), MessageFailure);
  strictEqual(
    messages.success(ctx, "Post saved!", { failSilently: true }),
    undefined,
  );
  deepStrictEqual(messages.getMessages(ctx), []);
  strictEqual(messages.getLevel(ctx), messages.INFO);
  strictEqual(messages.setLevel(ctx, messages.DEBUG), false);
  deepStrictEqual(takeMessagesForJson(ctx), []);
});

Deno.test("bad arguments are TypeErrors even with failSilently", async () => {
  await withKv(async (kv) => {
    const manager = sessionManager(kv);
    await request(manager, "", {}, (ctx) => {
      throws(() => messages.addMessage(ctx, -1, "x"), TypeError);
      throws(() => messages.addMessage(ctx, 2.5, "x"), TypeError);
      throws(
        () => messages.addMessage(ctx, Number.NaN, "x", { failSilently: true }),
        TypeError,
      );
      throws(
        () => messages.info(ctx, 42 as unknown as string),
        TypeError,
      );
      throws(
        () => messages.info(ctx, "x", { extraTags: 1 as unknown as string }),
        TypeError,
      );
    });
  });
});

Deno.test("a new session with no messages is not written", async () => {
  await withKv(async (kv) => {
    const manager = sessionManager(kv);
    const cookie = await request(manager, "", {}, (ctx) => {
      deepStrictEqual(messages.getMessages(ctx), []);
      strictEqual(ctx.state.session.modified, false);
    });
    strictEqual(cookie, "");
  });
});

/** `n` stored messages, as older code or a bad write may have left them. */
function storedMessages(n: number, createdAt: number, claim?: string) {
  return Array.from({ length: n }, (_, i) => ({
    id: `stored-${i}`,
    level: messages.INFO,
    text: `stored ${i}`,
    extraTags: "",
    createdAt,
    ...(claim ? { claim } : {}),
  }));
}

Deno.test("a stored queue longer than maxPending (older code, a bad write) shows only the newest maxPending", async () => {
  const clock = fakeClock();
  await withKv(async (kv) => {
    const manager = sessionManager(kv, clock.now);
    const options = { now: clock.now, maxPending: 50 };
    const cookie = await request(manager, "", options, (ctx) => {
      ctx.state.session.set(SESSION_KEY, storedMessages(120, clock.now()));
    });
    await request(manager, cookie, options, (ctx) => {
      const shown = texts(ctx.state.messages.forRender());
      strictEqual(shown.length, 50);
      strictEqual(shown[0], "stored 70");
      strictEqual(shown[49], "stored 119");
    });
  });
});

Deno.test("a stored message dated far in the future (a corrupt row, a wrong clock) is not held for a tab forever, nor kept pending forever", async () => {
  const clock = fakeClock();
  await withKv(async (kv) => {
    const manager = sessionManager(kv, clock.now);
    const options = { now: clock.now };
    const future = clock.now() + 365 * 24 * 3600_000;
    let cookie = await request(manager, "", options, (ctx) => {
      ctx.state.session.set(SESSION_KEY, [
        ...storedMessages(1, future, "abcdefghijkl"),
      ]);
    });
    clock.advance(11 * 60_000); // past the claim window and the TTL
    cookie = await request(manager, cookie, options, (ctx) => {
      deepStrictEqual(texts(ctx.state.messages.forRender()), []);
      messages.info(ctx, "new");
    });
    await request(manager, cookie, options, (ctx) => {
      deepStrictEqual(
        (ctx.state.session.get(SESSION_KEY) as { text: string }[])
          .map((m) => m.text),
        ["new"],
      );
    });
  });
});

Deno.test("stored messages that share an id (a bad write) show once, as the first of them", async () => {
  const clock = fakeClock();
  await withKv(async (kv) => {
    const manager = sessionManager(kv, clock.now);
    const options = { now: clock.now };
    const [first, second] = storedMessages(2, clock.now());
    const cookie = await request(manager, "", options, (ctx) => {
      ctx.state.session.set(SESSION_KEY, [first, { ...second, id: first.id }]);
    });
    await request(manager, cookie, options, (ctx) => {
      const shown = ctx.state.messages.forRender();
      deepStrictEqual(shown.map((m) => [m.id, m.text]), [[
        first.id,
        "stored 0",
      ]]);
    });
  });
});

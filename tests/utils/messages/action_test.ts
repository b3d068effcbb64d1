/**
 * A message may carry one action (a label, a same-site POST target and its
 * form fields), e.g. "Undo": stored with the message, handed to the page,
 * and refused when it could send the browser elsewhere.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert";
import * as messages from "../../../utils/messages/mod.ts";
import { MessageStorage } from "../../../utils/messages/mod.ts";
import { SESSION_KEY } from "../../../utils/messages/session_key.ts";
import {
  isMessageAction,
  type MessageAction,
} from "../../../utils/messages/action.ts";
import { parseStoredMessages } from "../../../utils/messages/message.ts";
import { resolveMessagesOptions } from "../../../utils/messages/options.ts";
import { isFlashMessage } from "../../../utils/messages/client.ts";
import { sessionManager, withSession } from "./_app.ts";
import { withKv } from "../../helpers/kv.ts";

const UNDO: MessageAction = {
  label: "Undo",
  action: "/undo",
  fields: { id: "abc" },
};

Deno.test("an action is stored with its message and reaches the page", async () => {
  await withKv(async (kv) => {
    const manager = sessionManager(kv);
    const cookie = await withSession(manager, "", (session) => {
      const ctx = {
        state: {
          session,
          messages: new MessageStorage(session, resolveMessagesOptions()),
        },
      };
      messages.success(ctx, "Removed Mug.", { action: UNDO });
      messages.info(ctx, "No action here.");
    });
    await withSession(manager, cookie, (session) => {
      const storage = new MessageStorage(session, resolveMessagesOptions());
      const shown = storage.forRender();
      deepStrictEqual(shown.map((m) => m.action), [UNDO, undefined]);
      ok(isFlashMessage(shown[0]), "islands accept it");
    });
  });
});

Deno.test("actions that could leave the site or carry junk are refused when added", async (t) => {
  const bad: [string, unknown][] = [
    ["another origin", { ...UNDO, action: "https://evil.example/undo" }],
    ["protocol-relative", { ...UNDO, action: "//evil.example/undo" }],
    ["backslash", { ...UNDO, action: "/\\evil.example" }],
    ["javascript:", { ...UNDO, action: "javascript:alert(1)" }],
    ["relative path", { ...UNDO, action: "undo" }],
    ["empty label", { ...UNDO, label: "" }],
    ["long label", { ...UNDO, label: "x".repeat(41) }],
    ["non-string field", { ...UNDO, fields: { id: 1 } }],
    [
      "too many fields",
      {
        ...UNDO,
        fields: Object.fromEntries(
          Array.from({ length: 9 }, (_, i) => [`f${i}`, "v"]),
        ),
      },
    ],
    ["bad field name", { ...UNDO, fields: { "a b": "v" } }],
    ["long value", { ...UNDO, fields: { id: "x".repeat(513) } }],
  ];
  await withKv(async (kv) => {
    const manager = sessionManager(kv);
    await withSession(manager, "", (session) => {
      const ctx = {
        state: {
          session,
          messages: new MessageStorage(session, resolveMessagesOptions()),
        },
      };
      for (const [name, action] of bad) {
        strictEqual(isMessageAction(action), false, name);
        throws(
          () =>
            messages.success(ctx, "x", {
              action: action as MessageAction,
            }),
          TypeError,
          name,
        );
      }
      deepStrictEqual(session.get(SESSION_KEY, null), null, "nothing stored");
    });
  });
  await t.step("a good one passes", () => ok(isMessageAction(UNDO)));
});

Deno.test("a stored message whose action is corrupt keeps its text and loses the action", () => {
  const base = {
    id: "m1",
    level: 25,
    text: "Removed Mug.",
    extraTags: "",
    createdAt: 1,
  };
  const parsed = parseStoredMessages([
    { ...base, action: { label: "Undo", action: "//evil", fields: {} } },
    { ...base, id: "m2", action: UNDO },
  ]);
  deepStrictEqual(parsed.map((m) => [m.id, m.action]), [
    ["m1", undefined],
    ["m2", UNDO],
  ]);
});

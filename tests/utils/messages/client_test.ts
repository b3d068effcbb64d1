/**
 * `pushMessages`, the browser side of messages, as plain functions on the
 * shared signal: dedupe by id only, and the same text again replaces the
 * banner so it is announced (and timed) afresh.
 */
import { deepStrictEqual } from "node:assert";
import {
  dismissMessage,
  flashMessages,
  pushMessages,
} from "../../../utils/messages/client.ts";
import type { FlashMessage } from "../../../utils/messages/message.ts";

function message(id: string, text: string, level = 25): FlashMessage {
  return { id, level, levelTag: "success", tags: "success", text };
}

function ids(): string[] {
  return flashMessages.value.map((m) => m.id);
}

Deno.test("pushMessages: dedupes by id, replaces a banner with the same text", async (t) => {
  flashMessages.value = [];
  await t.step("new messages append, oldest first", () => {
    pushMessages([message("a", "Added mug"), message("b", "Added lamp")]);
    deepStrictEqual(ids(), ["a", "b"]);
  });
  await t.step("the same id again changes nothing", () => {
    const before = flashMessages.value;
    pushMessages([message("a", "Added mug")]);
    deepStrictEqual(flashMessages.value, before);
  });
  await t.step(
    "the same text with a new id replaces the old banner, at the end",
    () => {
      pushMessages([message("c", "Added mug")]);
      deepStrictEqual(ids(), ["b", "c"]);
    },
  );
  await t.step("same text at another level is another message", () => {
    pushMessages([message("d", "Added mug", 40)]);
    deepStrictEqual(ids(), ["b", "c", "d"]);
  });
  await t.step("malformed entries and non-arrays are skipped", () => {
    pushMessages([{ id: "x" }, null, "text"]);
    pushMessages(undefined);
    deepStrictEqual(ids(), ["b", "c", "d"]);
  });
  await t.step("dismissMessage removes by id", () => {
    dismissMessage("c");
    deepStrictEqual(ids(), ["b", "d"]);
  });
  flashMessages.value = [];
});

Deno.test("pushMessages: pushed banners are pinned to the viewport, the page's stay in the page", () => {
  flashMessages.value = [];
  pushMessages([message("p", "Post saved!")], "page");
  pushMessages([message("v", "Added 1 × Mug")]);
  deepStrictEqual(
    flashMessages.value.map((m) => [m.id, m.placement]),
    [["p", "page"], ["v", "viewport"]],
  );
  // The same text pushed later replaces the page banner with a pinned one.
  pushMessages([message("v2", "Post saved!")]);
  deepStrictEqual(
    flashMessages.value.map((m) => [m.id, m.placement]),
    [["v", "viewport"], ["v2", "viewport"]],
  );
  flashMessages.value = [];
});

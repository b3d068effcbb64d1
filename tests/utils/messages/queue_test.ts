import { deepStrictEqual, strictEqual } from "node:assert";
import type { StoredMessage } from "../../../utils/messages/message.ts";
import { parseStoredMessages } from "../../../utils/messages/message.ts";
import {
  appendMessage,
  dedupe,
  mergeMissing,
  type QueuePolicy,
  removeMessages,
  visibleTo,
} from "../../../utils/messages/queue.ts";

const NOW = 1_700_000_000_000;
const POLICY: QueuePolicy = { maxPending: 50, ttlMs: 600_000, now: NOW };

function msg(
  id: string,
  text = id,
  level = 25,
  createdAt = NOW,
): StoredMessage {
  return { id, level, text, extraTags: "", createdAt };
}

const ids = (list: StoredMessage[]) => list.map((m) => m.id);

Deno.test("append keeps order and replaces an identical pending message", () => {
  let queue: StoredMessage[] = [];
  for (const m of [msg("a"), msg("b"), msg("c", "a")]) {
    queue = appendMessage(queue, m, POLICY).messages;
  }
  // "c" has the same level and text as "a": it replaces it, at the end.
  deepStrictEqual(ids(queue), ["b", "c"]);
  // Same text at another level is a different message.
  queue = appendMessage(queue, msg("d", "b", 40), POLICY).messages;
  deepStrictEqual(ids(queue), ["b", "c", "d"]);
});

Deno.test("append drops the oldest beyond the cap and reports them", () => {
  let queue: StoredMessage[] = [];
  const policy = { ...POLICY, maxPending: 3 };
  const dropped: string[] = [];
  for (const id of ["1", "2", "3", "4", "5"]) {
    const result = appendMessage(queue, msg(id), policy);
    queue = result.messages;
    dropped.push(...ids(result.dropped));
  }
  deepStrictEqual(ids(queue), ["3", "4", "5"]);
  deepStrictEqual(dropped, ["1", "2"]);
});

Deno.test("append and remove drop expired messages", () => {
  const old = msg("old", "old", 25, NOW - 600_000);
  const young = msg("young", "young", 25, NOW - 599_999);
  deepStrictEqual(
    ids(appendMessage([old, young], msg("new"), POLICY).messages),
    ["young", "new"],
  );
  deepStrictEqual(ids(removeMessages([old, young], new Set(), POLICY)), [
    "young",
  ]);
});

Deno.test("remove takes out exactly the given ids", () => {
  const queue = [msg("a"), msg("b"), msg("c")];
  deepStrictEqual(
    ids(removeMessages(queue, new Set(["a", "c", "z"]), POLICY)),
    [
      "b",
    ],
  );
});

Deno.test("dedupe keeps the newest of each level and text", () => {
  const { shown, hidden } = dedupe([msg("a", "x"), msg("b"), msg("c", "x")]);
  deepStrictEqual(ids(shown), ["b", "c"]);
  deepStrictEqual(ids(hidden), ["a"]);
});

Deno.test("merge puts back missing messages in time order, once", () => {
  const carried = [msg("a", "a", 25, NOW - 3), msg("b", "b", 25, NOW - 2)];
  const after = [msg("c", "c", 20, NOW - 1)];
  deepStrictEqual(ids(mergeMissing(after, carried, POLICY).messages), [
    "a",
    "b",
    "c",
  ]);
  // Nothing missing: unchanged.
  const full = [...carried, ...after];
  deepStrictEqual(ids(mergeMissing(full, carried, POLICY).messages), [
    "a",
    "b",
    "c",
  ]);
  // A carried message whose text was re-added after the flush is not doubled.
  deepStrictEqual(
    ids(mergeMissing([msg("b2", "b", 25, NOW)], carried, POLICY).messages),
    ["a", "b2"],
  );
});

Deno.test("corrupt stored data yields no messages, quietly", () => {
  deepStrictEqual(parseStoredMessages(undefined), []);
  deepStrictEqual(parseStoredMessages("nope"), []);
  deepStrictEqual(parseStoredMessages({ length: 1 }), []);
  const good = msg("ok");
  deepStrictEqual(
    parseStoredMessages([
      null,
      1,
      { id: "x" },
      { ...good, level: -5 },
      { ...good, level: "25" },
      { ...good, createdAt: null },
      good,
    ]),
    [good],
  );
  strictEqual(parseStoredMessages([{ ...good, id: "" }]).length, 0);
});

Deno.test("a user sees their own messages and a visitor's, never another user's", () => {
  const queue = [
    msg("visitor"),
    { ...msg("alice"), userId: "alice" },
    { ...msg("bob"), userId: "bob" },
  ];
  deepStrictEqual(ids(visibleTo(queue, "alice")), ["visitor", "alice"]);
  deepStrictEqual(ids(visibleTo(queue, undefined)), ["visitor"]);
  // A stored owner that is not a string makes the entry corrupt: dropped.
  deepStrictEqual(
    ids(parseStoredMessages([{ ...msg("x"), userId: 7 }, msg("y")])),
    ["y"],
  );
});

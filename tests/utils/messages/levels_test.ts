import { deepStrictEqual, strictEqual, throws } from "node:assert";
import {
  DEBUG,
  DEFAULT_LEVEL_TAGS,
  ERROR,
  INFO,
  isMessageLevel,
  LEVELS,
  levelTag,
  SUCCESS,
  WARNING,
} from "../../../utils/messages/levels.ts";
import { resolveLevelTags } from "../../../utils/messages/levels.ts";
import { joinTags, toFlashMessage } from "../../../utils/messages/message.ts";
import { resolveMessagesOptions } from "../../../utils/messages/options.ts";

Deno.test("levels have Django's numbers and tags", () => {
  deepStrictEqual(
    [DEBUG, INFO, SUCCESS, WARNING, ERROR],
    [10, 20, 25, 30, 40],
  );
  deepStrictEqual(LEVELS, {
    DEBUG: 10,
    INFO: 20,
    SUCCESS: 25,
    WARNING: 30,
    ERROR: 40,
  });
  deepStrictEqual(
    Object.values(LEVELS).map((level) => levelTag(level)),
    ["debug", "info", "success", "warning", "error"],
  );
  strictEqual(isMessageLevel(25), true);
  strictEqual(isMessageLevel(35), false);
  strictEqual(isMessageLevel("25"), false);
});

Deno.test("a level without a tag has the empty tag", () => {
  strictEqual(levelTag(35), "");
  strictEqual(levelTag(35, DEFAULT_LEVEL_TAGS), "");
});

Deno.test("custom level tags merge over the defaults and may rename one", () => {
  const tags = resolveLevelTags({ 35: "notice", 40: "danger" });
  strictEqual(levelTag(35, tags), "notice");
  strictEqual(levelTag(40, tags), "danger");
  strictEqual(levelTag(25, tags), "success");
  // The defaults are not changed.
  strictEqual(levelTag(40), "error");
});

Deno.test("bad custom levels or tags fail at startup, naming the option", () => {
  for (
    const bad of <Record<string, string>[]> [
      { "-1": "minus" },
      { "3.5": "half" },
      { 35: "two words" },
      { 35: "" },
      { 35: '"><script>' },
    ]
  ) {
    throws(
      () => resolveLevelTags(bad),
      /levelTags/,
    );
  }
});

Deno.test("tags are extra tags then the level tag, as in Django", () => {
  const table: [string, string, string][] = [
    ["auth", "error", "auth error"],
    ["", "error", "error"],
    ["auth", "", "auth"],
    ["", "", ""],
    ["a b", "info", "a b info"],
  ];
  for (const [extra, tag, expected] of table) {
    strictEqual(joinTags(extra, tag), expected);
  }
  const message = {
    id: "x",
    level: ERROR,
    text: "Wrong password",
    extraTags: "auth",
    createdAt: 0,
  };
  deepStrictEqual(toFlashMessage(message), {
    id: "x",
    level: 40,
    levelTag: "error",
    tags: "auth error",
    text: "Wrong password",
  });
  strictEqual(
    toFlashMessage(
      { ...message, level: 35 },
      resolveLevelTags({ 35: "notice" }),
    )
      .tags,
    "auth notice",
  );
});

Deno.test("options: defaults are filled once, bad values name the option", () => {
  const resolved = resolveMessagesOptions();
  strictEqual(resolved.level, INFO);
  strictEqual(resolved.maxPending, 50);
  strictEqual(resolved.ttlMs, 600_000);
  strictEqual(resolved.now, Date.now);
  throws(() => resolveMessagesOptions({ level: -1 }), /option level/);
  throws(() => resolveMessagesOptions({ maxPending: 0 }), /maxPending/);
  throws(() => resolveMessagesOptions({ ttl: 1.5 }), /ttl/);
  throws(
    () => resolveMessagesOptions({ now: 5 as unknown as () => number }),
    /now/,
  );
});

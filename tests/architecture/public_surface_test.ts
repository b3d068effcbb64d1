/**
 * The public surfaces of the session and messages libraries, pinned: a new
 * export from a `mod.ts` fails here until it is added to the list below and
 * to the README's "Using the sessions and messages in your own app".
 * Internals stay importable by their own tests through their own paths.
 */
import { deepStrictEqual, ok } from "node:assert";
// Compile-time half of the pin: `deno check` fails if a type disappears.
import type * as SessionApi from "../../utils/session/mod.ts";
import type * as MessagesApi from "../../utils/messages/mod.ts";

const ROOT = new URL("../../", import.meta.url);

type _SessionTypes = [
  SessionApi.AfterCommit,
  SessionApi.IndexedSession,
  SessionApi.JsonValue,
  SessionApi.ParkedSession,
  SessionApi.Session,
  SessionApi.SessionCommit,
  SessionApi.SessionGuard,
  SessionApi.SessionHttpError,
  SessionApi.SessionKey<number>,
  SessionApi.SessionLogger,
  SessionApi.SessionManager,
  SessionApi.SessionManagerOptions,
  SessionApi.SessionMiddlewareOptions,
  SessionApi.SessionMiddlewareState,
  SessionApi.SessionOptions,
  SessionApi.SessionRecord,
  SessionApi.SessionStore,
  SessionApi.StoredSession,
  SessionApi.TokenHash,
  SessionApi.UserIndexEntry,
  SessionApi.UserSessionInfo,
];

type _MessagesTypes = [
  MessagesApi.AddMessageOptions,
  MessagesApi.FlashMessage,
  MessagesApi.MessageAction,
  MessagesApi.MessageLevel,
  MessagesApi.MessagesLogger,
  MessagesApi.MessagesMiddlewareState,
  MessagesApi.MessagesOptions,
];

const SURFACES = [
  {
    module: "utils/session/mod.ts",
    values: [
      "KvSessionStore",
      "SessionGuardError",
      "SessionLimitedError",
      "SessionUnavailableError",
      "afterCommit",
      "createSessionManager",
      "defineSessionKey",
      "isSecureRequest",
      "isSessionHttpError",
      "listUserSessions",
      "parkUserSession",
      "renderSessionError",
      "restoreUserSession",
      "revokeAllUserSessions",
      "revokeOtherSessionsOnPasswordChange",
      "revokeOtherUserSessions",
      "revokeUserSession",
      "runAfterCommit",
      "session",
      "sessionOptionsFromEnv",
      "silentLogger",
    ],
    types: [
      "AfterCommit",
      "IndexedSession",
      "JsonValue",
      "ParkedSession",
      "Session",
      "SessionCommit",
      "SessionGuard",
      "SessionHttpError",
      "SessionKey",
      "SessionLogger",
      "SessionManager",
      "SessionManagerOptions",
      "SessionMiddlewareOptions",
      "SessionMiddlewareState",
      "SessionOptions",
      "SessionRecord",
      "SessionStore",
      "StoredSession",
      "TokenHash",
      "UserIndexEntry",
      "UserSessionInfo",
    ],
  },
  {
    module: "utils/messages/mod.ts",
    values: [
      "DEBUG",
      "ERROR",
      "INFO",
      "MessageFailure",
      "MessageStorage",
      "SUCCESS",
      "WARNING",
      "addMessage",
      "claimOf",
      "debug",
      "error",
      "findUndo",
      "getLevel",
      "getMessages",
      "info",
      "messages",
      "messagesJson",
      "offerUndo",
      "prefersJson",
      "resolveMessagesOptions",
      "setLevel",
      "success",
      "takeUndo",
      "warning",
    ],
    types: [
      "AddMessageOptions",
      "FlashMessage",
      "MessageAction",
      "MessageLevel",
      "MessagesLogger",
      "MessagesMiddlewareState",
      "MessagesOptions",
    ],
  },
];

/** The type-only names a `mod.ts` re-exports, read from its export lists. */
async function typeExports(module: string): Promise<string[]> {
  const source = await Deno.readTextFile(new URL(module, ROOT));
  const names: string[] = [];
  for (
    const [, typeOnly, list] of source.matchAll(
      /export\s+(type\s+)?\{([^}]*)\}\s*from/g,
    )
  ) {
    for (const item of list.split(",").map((s) => s.trim()).filter(Boolean)) {
      const typed = item.match(/^type\s+(\w+)$/);
      if (typed) names.push(typed[1]);
      else if (typeOnly) names.push(item);
    }
  }
  return names.sort();
}

async function readmeSection(title: string): Promise<string> {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  const start = readme.indexOf(`## ${title}`);
  ok(start >= 0, `README has no section "${title}"`);
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

for (const { module, values, types } of SURFACES) {
  Deno.test(`${module} exports exactly its public values`, async () => {
    const exported = Object.keys(await import(new URL(module, ROOT).href));
    deepStrictEqual(exported.sort(), [...values].sort());
  });

  Deno.test(`${module} exports exactly its public types`, async () => {
    deepStrictEqual(await typeExports(module), [...types].sort());
  });

  Deno.test(`the README lists every value ${module} exports`, async () => {
    const section = await readmeSection(
      "Using the sessions and messages in your own app",
    );
    const missing = values.filter((name) => !section.includes(`\`${name}`));
    deepStrictEqual(missing, []);
  });
}

Deno.test("no alias pairs: one name per thing", async () => {
  const session = await import(new URL(SURFACES[0].module, ROOT).href);
  const messages = await import(new URL(SURFACES[1].module, ROOT).href);
  for (const api of [session, messages]) {
    const seen = new Map<unknown, string>();
    for (const [name, value] of Object.entries(api)) {
      ok(!seen.has(value), `${name} is an alias of ${seen.get(value)}`);
      seen.set(value, name);
    }
  }
});

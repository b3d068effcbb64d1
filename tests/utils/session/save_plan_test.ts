import { deepStrictEqual } from "node:assert";
import { type Change, SessionData } from "../../../utils/session/data.ts";
import {
  isTouchDue,
  type SessionRecord,
  TOUCH_FRACTION,
} from "../../../utils/session/record.ts";
import {
  planSave,
  planTouch,
  type SavePlan,
  type SaveState,
} from "../../../utils/session/save_plan.ts";
import type { SessionOrigin } from "../../../utils/session/session_state.ts";
import type { SessionToken, TokenHash } from "../../../utils/session/token.ts";

const NOW = 1_800_000_000_000;
const MINUTE = 60_000;
const OPTIONS = {
  absoluteTimeout: 30 * 24 * 3600,
  idleTimeout: 3600,
  provisionalTimeout: 600,
  persistent: true,
};

function record(over: Partial<SessionRecord> = {}): SessionRecord {
  return {
    v: 1,
    data: '{"cart":[1]}',
    createdAt: NOW - 10 * MINUTE,
    lastActiveAt: NOW - MINUTE,
    absoluteExpiresAt: NOW + 24 * 60 * MINUTE,
    expiresAt: NOW + 59 * MINUTE,
    idleTimeout: 3600,
    persistent: true,
    ref: "r-old",
    userAgent: "Firefox on Linux",
    ...over,
  };
}

function stored(rec: SessionRecord, version = "v1"): SessionOrigin {
  return {
    hash: "h-old" as TokenHash,
    token: "t-old" as SessionToken,
    record: rec,
    data: JSON.parse(rec.data),
    version,
  };
}

const OLD = stored(record());
const SIGNED_IN = stored(record({ userId: "u1" }));

interface Row {
  name: string;
  origin: SessionOrigin | null;
  /** The base handed to the plan; the origin unless given. */
  base?: SessionOrigin | null;
  state?: Partial<Omit<SaveState, "data">>;
  /** The request's data after its changes. */
  data: Record<string, unknown>;
  expected: ReturnType<typeof summary>;
}

/** The plan in a few comparable strings. */
function summary(plan: SavePlan, tokens: number) {
  const { commit, record } = plan;
  return {
    put: commit.put ? `${commit.put.hash}@${commit.put.expected}` : null,
    remove: commit.remove?.map((r) => `${r.hash}@${r.expected}`) ?? [],
    indexPut: commit.indexPut
      ? `${commit.indexPut.userId}/${commit.indexPut.ref}->${commit.indexPut.entry.hash}`
      : null,
    indexRemove: commit.indexRemove?.map((r) => `${r.userId}/${r.ref}`) ?? [],
    guards: commit.guards?.length ?? 0,
    target: plan.target === null ? null : `${plan.target.token}`,
    data: record.data,
    userId: record.userId ?? null,
    ref: record.ref,
    provisional: record.provisional ?? false,
    born: record.createdAt === NOW ? "now" : "inherited",
    expiresIn: (record.expiresAt - NOW) / MINUTE,
    tokens,
  };
}

const KEPT = { remove: [], indexPut: null, indexRemove: [], guards: 0 };

const ROWS: Row[] = [
  {
    name: "new: the first write starts a provisional session under a new token",
    origin: null,
    state: { ref: "r-state" },
    data: { cart: [1] },
    expected: {
      ...KEPT,
      put: "h-new@null",
      target: "t-new",
      data: '{"cart":[1]}',
      userId: null,
      ref: "r-state",
      provisional: true,
      born: "now",
      expiresIn: 10,
      tokens: 1,
    },
  },
  {
    name: "new but empty: nothing is written and no token is drawn",
    origin: null,
    state: { ref: "r-state" },
    data: {},
    expected: {
      ...KEPT,
      put: null,
      target: null,
      data: "{}",
      userId: null,
      ref: "r-state",
      provisional: true,
      born: "now",
      expiresIn: 10,
      tokens: 0,
    },
  },
  {
    name: "dirty: a live session is written in place, compare-and-set",
    origin: OLD,
    data: { cart: [1, 2] },
    state: { log: [{ op: "set", key: "cart", json: "[1,2]" }] },
    expected: {
      ...KEPT,
      put: "h-old@v1",
      target: "t-old",
      data: '{"cart":[1,2]}',
      userId: null,
      ref: "r-old",
      provisional: false,
      born: "inherited",
      expiresIn: 60,
      tokens: 0,
    },
  },
  {
    name: "dirty on a newer base: the change log is replayed on it",
    origin: OLD,
    base: stored(record({ data: '{"cart":[1],"wish":[9]}' }), "v2"),
    data: { cart: [1, 2] },
    state: { log: [{ op: "set", key: "cart", json: "[1,2]" }] },
    expected: {
      ...KEPT,
      put: "h-old@v2",
      target: "t-old",
      data: '{"wish":[9],"cart":[1,2]}',
      userId: null,
      ref: "r-old",
      provisional: false,
      born: "inherited",
      expiresIn: 60,
      tokens: 0,
    },
  },
  {
    name:
      "cleared: a kept session emptied by clear() is written, not destroyed",
    origin: OLD,
    data: {},
    state: { log: [{ op: "clear" }] },
    expected: {
      ...KEPT,
      put: "h-old@v1",
      target: "t-old",
      data: "{}",
      userId: null,
      ref: "r-old",
      provisional: false,
      born: "inherited",
      expiresIn: 60,
      tokens: 0,
    },
  },
  {
    name:
      "rotated: cycleId() moves the data to a new token and removes the old",
    origin: OLD,
    data: { cart: [1] },
    state: { cycle: true },
    expected: {
      ...KEPT,
      put: "h-new@null",
      remove: ["h-old@v1"],
      target: "t-new",
      data: '{"cart":[1]}',
      userId: null,
      ref: "r-old",
      provisional: false,
      born: "inherited",
      expiresIn: 60,
      tokens: 1,
    },
  },
  {
    name: "rotated while signed in: the index entry now points at the new hash",
    origin: SIGNED_IN,
    data: { cart: [1] },
    state: { cycle: true },
    expected: {
      ...KEPT,
      put: "h-new@null",
      remove: ["h-old@v1"],
      indexPut: "u1/r-old->h-new",
      target: "t-new",
      data: '{"cart":[1]}',
      userId: "u1",
      ref: "r-old",
      provisional: false,
      born: "inherited",
      expiresIn: 60,
      tokens: 1,
    },
  },
  {
    name:
      "login: a new token, a fresh lifetime and ref, guarded by the user row",
    origin: OLD,
    data: { cart: [1] },
    state: {
      cycle: true,
      userChanged: true,
      userId: "u1",
      ref: "r-login",
      loginGuard: { key: ["users", "u1"], version: "g1" },
    },
    expected: {
      put: "h-new@null",
      remove: ["h-old@v1"],
      indexPut: "u1/r-login->h-new",
      indexRemove: [],
      guards: 1,
      target: "t-new",
      data: '{"cart":[1]}',
      userId: "u1",
      ref: "r-login",
      provisional: false,
      born: "now",
      expiresIn: 60,
      tokens: 1,
    },
  },
  {
    name: "destroyed by logout(): the record and its index entry go",
    origin: SIGNED_IN,
    data: {},
    state: {
      flushed: true,
      userChanged: true,
      userId: undefined,
      ref: "r-flush",
    },
    expected: {
      ...KEPT,
      put: null,
      remove: ["h-old@v1"],
      indexRemove: ["u1/r-old"],
      target: null,
      data: "{}",
      userId: null,
      ref: "r-flush",
      provisional: false,
      born: "now",
      expiresIn: 60,
      tokens: 0,
    },
  },
  {
    name:
      "flushed, then written: the old record goes, the new writes get a new token",
    origin: OLD,
    data: { theme: "dark" },
    state: {
      flushed: true,
      ref: "r-flush",
      log: [{ op: "set", key: "theme", json: '"dark"' }],
    },
    expected: {
      ...KEPT,
      put: "h-new@null",
      remove: ["h-old@v1"],
      target: "t-new",
      data: '{"theme":"dark"}',
      userId: null,
      ref: "r-flush",
      provisional: false,
      born: "now",
      expiresIn: 60,
      tokens: 1,
    },
  },
  {
    name:
      "vanished: revoked elsewhere, only this request's changes survive, under a new ref",
    origin: SIGNED_IN,
    base: null,
    data: { cart: [1, 2] },
    state: { log: [{ op: "set", key: "cart", json: "[1,2]" }] },
    expected: {
      ...KEPT,
      put: "h-new@null",
      target: "t-new",
      data: '{"cart":[1,2]}',
      userId: null,
      ref: "r-new",
      provisional: false,
      born: "now",
      expiresIn: 60,
      tokens: 1,
    },
  },
  {
    name: "expired base: counts as vanished",
    origin: OLD,
    base: stored(record({ expiresAt: NOW })),
    data: { cart: [1, 2] },
    state: { log: [{ op: "set", key: "cart", json: "[1,2]" }] },
    expected: {
      ...KEPT,
      put: "h-new@null",
      target: "t-new",
      data: '{"cart":[1,2]}',
      userId: null,
      ref: "r-new",
      provisional: false,
      born: "now",
      expiresIn: 60,
      tokens: 1,
    },
  },
  {
    name: "setExpiry() in the past: the session ends now",
    origin: SIGNED_IN,
    data: { cart: [1] },
    state: { expiry: { idleTimeout: 3600, persistent: true, until: NOW - 1 } },
    expected: {
      ...KEPT,
      put: null,
      remove: ["h-old@v1"],
      indexRemove: ["u1/r-old"],
      target: null,
      data: '{"cart":[1]}',
      userId: "u1",
      ref: "r-old",
      provisional: false,
      born: "inherited",
      expiresIn: -1 / MINUTE,
      tokens: 0,
    },
  },
  {
    name: "setExpiry() shorter: written in place with the new idle timeout",
    origin: OLD,
    data: { cart: [1] },
    state: { expiry: { idleTimeout: 300, persistent: false, until: null } },
    expected: {
      ...KEPT,
      put: "h-old@v1",
      target: "t-old",
      data: '{"cart":[1]}',
      userId: null,
      ref: "r-old",
      provisional: false,
      born: "inherited",
      expiresIn: 5,
      tokens: 0,
    },
  },
];

for (const row of ROWS) {
  Deno.test(`planSave: ${row.name}`, () => {
    const origin = row.origin;
    const state: SaveState = {
      origin,
      data: SessionData.fromObject(
        row.data as Record<string, never>,
      ),
      log: [] as Change[],
      flushed: false,
      cycle: false,
      userChanged: false,
      userId: origin?.record.userId,
      loginGuard: null,
      expiry: null,
      ref: origin?.record.ref ?? "r-unset",
      userAgent: "Chrome on Linux",
      ...row.state,
    };
    let tokens = 0;
    const plan = planSave({
      state,
      base: row.base === undefined ? origin : row.base,
      now: NOW,
      options: OPTIONS,
      newToken: () => {
        tokens++;
        return { token: "t-new" as SessionToken, hash: "h-new" as TokenHash };
      },
      newRef: () => "r-new",
    });
    deepStrictEqual(summary(plan, tokens), row.expected);
    if (plan.commit.put) {
      deepStrictEqual(
        plan.commit.put.expireIn,
        plan.record.expiresAt - NOW,
      );
    }
  });
}

Deno.test("planTouch: a provisional record is kept, with the full idle timeout, never past its absolute expiry", () => {
  const cases: [SessionRecord, number][] = [
    [record({ provisional: true, expiresAt: NOW + 5 * MINUTE }), 60],
    [record(), 60],
    [record({ absoluteExpiresAt: NOW + 20 * MINUTE }), 20],
  ];
  for (const [rec, minutes] of cases) {
    const { commit, record: touched } = planTouch(stored(rec), NOW);
    deepStrictEqual(touched, {
      ...record(),
      absoluteExpiresAt: rec.absoluteExpiresAt,
      lastActiveAt: NOW,
      expiresAt: NOW + minutes * MINUTE,
    });
    deepStrictEqual(commit, {
      put: {
        hash: "h-old",
        record: touched,
        expected: "v1",
        expireIn: minutes * MINUTE,
      },
    });
  }
});

Deno.test("isTouchDue: once per tenth of the idle timeout, and at once for a provisional record", () => {
  const interval = 3600_000 / TOUCH_FRACTION;
  const cases: [Partial<SessionRecord>, boolean][] = [
    [{ lastActiveAt: NOW }, false],
    [{ lastActiveAt: NOW - interval + 1 }, false],
    [{ lastActiveAt: NOW - interval }, true],
    [{ lastActiveAt: NOW, provisional: true }, true],
  ];
  for (const [over, due] of cases) {
    deepStrictEqual(isTouchDue(record(over), NOW), due, JSON.stringify(over));
  }
});

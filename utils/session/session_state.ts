/**
 * What one request's session holds besides its data: the loaded record,
 * the change log, and the flags the save plan reads. The `Session` facade
 * writes it; the manager and committer read it.
 *
 * @module
 */
import { type Change, SessionData } from "./data.ts";
import type { ResolvedSessionOptions } from "./options.ts";
import type { SessionGuard, SessionStore, StoredSession } from "./store.ts";
import { generateRef, type SessionToken } from "./token.ts";

/** A session as loaded: the record, its parsed data, and the cookie token. */
export interface SessionOrigin extends StoredSession {
  token: SessionToken;
}

/** An expiry override recorded by `setExpiry`. */
export interface ExpiryOverride {
  /** Idle timeout in seconds. */
  idleTimeout: number;
  persistent: boolean;
  /** Epoch ms cap on the absolute expiry, from `setExpiry(date)`. */
  until: number | null;
}

/**
 * The mutable state of one request's session, shared between the `Session`
 * facade and the manager. Not part of the public API.
 * @internal
 */
export class SessionState {
  data: SessionData;
  log: Change[] = [];
  origin: SessionOrigin | null;
  accessed = false;
  modified = false;
  /** The loaded session must be destroyed; `data` holds only later writes. */
  flushed = false;
  /** A new token must replace the loaded one. */
  cycle = false;
  /** The user binding changed in this request (login, logout, flush). */
  userChanged = false;
  userId: string | undefined;
  /** What `login()` was checked against; saved only with that record unchanged. */
  loginGuard: SessionGuard | null = null;
  // Drawn on first use: most requests without a session never save one,
  // and the random bytes showed up in profiles of anonymous page views.
  #ref: string | undefined;
  expiry: ExpiryOverride | null = null;
  /** The request carried a cookie with the session cookie's name. */
  cookiePresent: boolean;
  readonly cookieName: string;
  readonly secure: boolean;
  readonly userAgent: string;
  /** The client's address, for the new-session limit; unknown if absent. */
  readonly clientAddress: string | undefined;
  readonly options: ResolvedSessionOptions;
  readonly store: SessionStore;

  constructor(init: {
    origin: SessionOrigin | null;
    cookiePresent: boolean;
    cookieName: string;
    secure: boolean;
    userAgent: string;
    clientAddress?: string;
    options: ResolvedSessionOptions;
    store: SessionStore;
  }) {
    this.origin = init.origin;
    this.data = init.origin
      ? SessionData.fromObject(init.origin.data)
      : new SessionData();
    this.userId = init.origin?.record.userId;
    this.#ref = init.origin?.record.ref;
    this.cookiePresent = init.cookiePresent;
    this.cookieName = init.cookieName;
    this.secure = init.secure;
    this.userAgent = init.userAgent;
    this.clientAddress = init.clientAddress;
    this.options = init.options;
    this.store = init.store;
  }

  get ref(): string {
    return this.#ref ??= generateRef();
  }

  set ref(value: string) {
    this.#ref = value;
  }
}

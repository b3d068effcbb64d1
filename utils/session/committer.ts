/**
 * The write side of the session manager: at the end of a request, the save
 * of a modified session (the plan of save_plan.ts committed with
 * compare-and-set, re-planned on a fresh read when another writer won,
 * under the per-session queue of save_queue.ts) or the touch of an
 * unchanged one, the cookie that goes with it, and the log lines.
 *
 * @see https://docs.deno.com/deploy/kv/manual/transactions/
 * @module
 */
import { SessionLimitedError, SessionUnavailableError } from "./errors.ts";
import {
  markPrivate,
  sessionDeleteCookie,
  sessionSetCookie,
} from "./http_policy.ts";
import { sleep } from "./kv_store.ts";
import type { NewSessionLimiter } from "./new_session_limit.ts";
import type { ResolvedSessionOptions } from "./options.ts";
import { isTouchDue } from "./record.ts";
import {
  planSave,
  planTouch,
  type SavePlan,
  type SessionIdentity,
} from "./save_plan.ts";
import { type QueueEntry, SaveQueue } from "./save_queue.ts";
import { adoptSave } from "./save_result.ts";
import type { SessionState } from "./session_state.ts";
import type { SessionStore, StoredSession } from "./store.ts";
import { generateRef, generateToken, hashToken, logHash } from "./token.ts";

/** Commits sessions for one manager; its queue is per process. */
export class SessionCommitter {
  #options: ResolvedSessionOptions;
  #store: SessionStore;
  #queue = new SaveQueue();
  #newSessions: NewSessionLimiter;

  constructor(
    store: SessionStore,
    options: ResolvedSessionOptions,
    newSessions: NewSessionLimiter,
  ) {
    this.#store = store;
    this.#options = options;
    this.#newSessions = newSessions;
  }

  /**
   * Saves or touches `state` as due and writes the response headers.
   * Returns whether `headers` changed.
   */
  async commit(state: SessionState, headers: Headers): Promise<boolean> {
    let cookie: string | null = null;
    if (state.modified) {
      cookie = await this.#queue.run(
        state.origin?.hash ?? null,
        (entry) => this.#save(state, entry),
      );
    } else if (
      state.origin && isTouchDue(state.origin.record, this.#options.now())
    ) {
      cookie = await this.#queue.run(
        state.origin.hash,
        (entry) => this.#touch(state, entry),
      );
    }
    let changed = false;
    if (cookie !== null) {
      headers.append("set-cookie", cookie);
      changed = true;
    }
    if (state.accessed || cookie !== null) {
      changed = markPrivate(headers) || changed;
    }
    return changed;
  }

  async #touch(
    state: SessionState,
    entry: QueueEntry | undefined,
  ): Promise<string | null> {
    const origin = state.origin!;
    // A save queued before us already refreshed it.
    if (entry?.latest !== undefined) return null;
    const now = this.#options.now();
    const { commit, record } = planTouch(origin, now);
    let version: string | null;
    try {
      version = await this.#store.commit(commit);
    } catch (error) {
      // A touch is an optimisation; a busy store must not fail the request.
      if (!(error instanceof SessionUnavailableError)) throw error;
      this.#options.logger.warn("session touch skipped: store busy", {
        session: logHash(origin.token),
      });
      return null;
    }
    // On conflict another request wrote it, which refreshed it as well.
    if (version === null) return null;
    state.origin = { ...origin, record, version };
    if (entry) entry.latest = state.origin;
    return sessionSetCookie(state, origin.token, record, now);
  }

  async #save(
    state: SessionState,
    entry: QueueEntry | undefined,
  ): Promise<string | null> {
    const options = this.#options;
    const origin = state.origin;
    if (origin === null && state.clientAddress !== undefined) {
      // A session is about to start for a request with no live session.
      const starts = state.data.size > 0 || state.userId !== undefined;
      const retryAfter = starts
        ? this.#newSessions.take(state.clientAddress)
        : 0;
      if (retryAfter > 0) throw new SessionLimitedError(retryAfter);
    }
    // Drawn once: a retry after a lost race reuses the same new token.
    let fresh: SessionIdentity | null = null;
    const newToken = () => {
      if (!fresh) {
        const token = generateToken();
        fresh = { token, hash: hashToken(token) };
      }
      return fresh;
    };
    for (let attempt = 0; attempt <= options.maxConflictRetries; attempt++) {
      if (attempt > 1) {
        // Jittered backoff: the other writer is in another process.
        await sleep(Math.random() * Math.min(2 ** attempt, 100));
      }
      const now = options.now();
      let base: StoredSession | null = null;
      if (origin) {
        if (attempt === 0) {
          // A save queued before us may have written a newer version.
          const latest = entry?.latest;
          base = latest === "gone"
            ? null
            : latest && latest.version > origin.version
            ? latest
            : origin;
        } else {
          base = await this.#store.load(origin.hash);
        }
      }
      const plan = planSave({
        state,
        base,
        now,
        options,
        newToken,
        newRef: generateRef,
      });
      let version: string | null = null;
      if (plan.commit.put || plan.commit.remove) {
        version = await this.#store.commit(plan.commit);
        if (version === null) continue; // lost the race: re-read and replay
      }
      return this.#committed(state, entry, plan, version, now);
    }
    options.logger.warn("session save gave up after repeated conflicts", {
      attempts: options.maxConflictRetries + 1,
    });
    throw new SessionUnavailableError(
      "Session save kept conflicting with concurrent writers",
      1,
    );
  }

  /** Logs a committed plan, adopts it and returns the cookie to send. */
  #committed(
    state: SessionState,
    entry: QueueEntry | undefined,
    plan: SavePlan,
    version: string | null,
    now: number,
  ): string | null {
    const { target, record } = plan;
    const hadCookie = state.cookiePresent || state.origin !== null;
    const originHash = state.origin?.hash;
    // Ended under this request by another (a sign-in's rotation, a
    // sign-out), which may have handed the browser a newer cookie.
    const vanished = state.origin !== null && plan.base === null &&
      !state.flushed;
    this.#logSave(state, plan, version);
    adoptSave(state, plan, version);
    if (entry) {
      // Later saves queued on the same hash start from this, not a re-read.
      entry.latest = target?.hash === originHash && state.origin
        ? state.origin
        : "gone";
    }
    if (target) return sessionSetCookie(state, target.token, record, now);
    // Deleting the cookie could delete that newer one; a dead cookie loads
    // as no session, and the next save replaces or deletes it.
    return hadCookie && !vanished ? sessionDeleteCookie(state) : null;
  }

  #logSave(state: SessionState, plan: SavePlan, version: string | null) {
    const { base, target, record } = plan;
    const logger = this.#options.logger;
    const oldToken = state.origin?.token;
    if (!target || version === null) {
      if (base && oldToken) {
        logger.info("session destroyed", { session: logHash(oldToken) });
      }
    } else if (oldToken !== target.token) {
      if (base && oldToken) {
        logger.info("session rotated", {
          from: logHash(oldToken),
          to: logHash(target.token),
        });
      }
      // No line for a new session: a flood of cookieless requests would
      // write one per request.
      if (record.userId !== undefined && state.userChanged) {
        logger.info("session bound to user", {
          session: logHash(target.token),
        });
      }
    }
  }
}

/**
 * The per-process queue that runs the saves of one session one at a time:
 * two tabs of one browser in the same process then never race each other's
 * compare-and-set, and a save queued behind another starts from what that
 * one wrote instead of re-reading it.
 *
 * @module
 */
import type { StoredSession } from "./store.ts";

/** The queue of one session, shared by the saves waiting on it. */
export interface QueueEntry {
  tail: Promise<unknown>;
  waiting: number;
  /** What this process last committed for the hash; "gone" once deleted. */
  latest?: StoredSession | "gone";
}

/** Saves queued by session hash; a queue is dropped once it runs empty. */
export class SaveQueue {
  #queues = new Map<string, QueueEntry>();

  /**
   * Runs `run` after every earlier run for `key` has settled. A null key
   * (a session not stored yet) runs at once, with no queue entry.
   *
   * @param key The session's hash, or null.
   * @param run The save; it may read and set `entry.latest`.
   */
  async run<T>(
    key: string | null,
    run: (entry: QueueEntry | undefined) => Promise<T>,
  ): Promise<T> {
    if (key === null) return run(undefined);
    let entry = this.#queues.get(key);
    if (!entry) {
      entry = { tail: Promise.resolve(), waiting: 0 };
      this.#queues.set(key, entry);
    }
    entry.waiting++;
    const current = entry;
    const result = current.tail.then(() => run(current));
    current.tail = result.catch(() => {});
    try {
      return await result;
    } finally {
      if (--current.waiting === 0) this.#queues.delete(key);
    }
  }
}

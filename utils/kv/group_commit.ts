/**
 * Group commit: concurrent atomic operations on unrelated keys share one
 * KV transaction, because a SQLite write transaction's fixed cost dwarfs
 * the few rows a session save writes.
 *
 * @module
 */

/** One atomic operation, as data. */
export interface PlannedCommit {
  checks: Deno.AtomicCheck[];
  mutations: Deno.KvMutation[];
}

/** Options of {@linkcode GroupCommitter}. All optional. */
export interface GroupCommitOptions {
  /**
   * Most operations in one transaction. KV allows 100 checks, 1,000
   * mutations and 800 KiB of mutations per commit; larger batches are
   * split accordingly.
   * @default 16
   */
  maxBatch?: number;
}

interface Pending {
  plan: PlannedCommit;
  keys: string[];
  resolve: (result: Deno.KvCommitResult | Deno.KvCommitError) => void;
  reject: (error: unknown) => void;
}

// KV's own limits per atomic operation.
const MAX_CHECKS = 100;
const MAX_MUTATIONS = 1000;

/**
 * Commits {@linkcode PlannedCommit}s, grouping concurrent ones.
 *
 * Measured on a KV file, one session save per commit tops out near 5,000
 * per second, and eight per commit cost less than a fifth as much each. So
 * while one commit is in flight, the operations that arrive queue up, and
 * the next commit carries all of them that fit. A lone operation still
 * commits at once: batching only happens when requests are already waiting.
 *
 * Each operation keeps its own all-or-nothing meaning:
 *
 * - Two operations that touch a common key (checked or written) never share
 *   a batch; the later one waits for the next, so its checks see what the
 *   earlier one wrote. Order per key is arrival order.
 * - A batch is one atomic operation, so a failed check anywhere fails all of
 *   it. Then, and on any error (a batch can exceed KV's size limits where
 *   its parts do not), every operation of the batch is committed again on
 *   its own and gets its own answer.
 *
 * Durability is unchanged: a caller's promise resolves only after the
 * transaction holding its writes has committed.
 */
export class GroupCommitter {
  #kv: Deno.Kv;
  #maxBatch: number;
  #queue: Pending[] = [];
  #running = false;

  /**
   * @param kv An open KV handle.
   * @param options Batch size.
   * @example
   * ```ts
   * const committer = new GroupCommitter(kv);
   * const result = await committer.commit({ checks: [], mutations: [] });
   * ```
   */
  constructor(kv: Deno.Kv, options: GroupCommitOptions = {}) {
    const maxBatch = options.maxBatch ?? 16;
    if (!Number.isSafeInteger(maxBatch) || maxBatch < 1) {
      throw new TypeError(
        `GroupCommitter option maxBatch must be a whole number >= 1, got ${
          String(maxBatch)
        }.`,
      );
    }
    this.#kv = kv;
    this.#maxBatch = maxBatch;
  }

  /**
   * Commits `plan` atomically, alone or together with other operations
   * that do not touch its keys.
   *
   * @param plan The checks and mutations.
   * @returns What `Deno.AtomicOperation.commit()` would have returned for
   *   `plan` alone. Errors reject, as `commit()` would throw them.
   */
  commit(
    plan: PlannedCommit,
  ): Promise<Deno.KvCommitResult | Deno.KvCommitError> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ plan, keys: keysOf(plan), resolve, reject });
      if (!this.#running) this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      while (this.#queue.length > 0) {
        await this.#commitBatch(this.#takeBatch());
      }
    } finally {
      this.#running = false;
    }
  }

  /** Removes from the queue the next batch of non-overlapping operations. */
  #takeBatch(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    // Keys of taken operations, and of skipped ones: a later operation on
    // a key that an earlier one is waiting for must wait behind it.
    const taken = new Set<string>();
    const waiting = new Set<string>();
    let checks = 0;
    let mutations = 0;
    for (const item of this.#queue) {
      const fits = batch.length < this.#maxBatch &&
        checks + item.plan.checks.length <= MAX_CHECKS &&
        mutations + item.plan.mutations.length <= MAX_MUTATIONS &&
        !item.keys.some((key) => taken.has(key) || waiting.has(key));
      if (fits || batch.length === 0) {
        batch.push(item);
        checks += item.plan.checks.length;
        mutations += item.plan.mutations.length;
        for (const key of item.keys) taken.add(key);
      } else {
        rest.push(item);
        for (const key of item.keys) waiting.add(key);
      }
    }
    this.#queue = rest;
    return batch;
  }

  async #commitBatch(batch: Pending[]): Promise<void> {
    if (batch.length === 1) return await this.#commitAlone(batch[0]);
    let result: Deno.KvCommitResult | Deno.KvCommitError | undefined;
    try {
      result = await this.#atomic(batch.map((item) => item.plan)).commit();
    } catch {
      // Possibly a limit only the whole batch exceeds: each part is
      // committed again below and reports its own error, if any.
    }
    if (result?.ok) {
      for (const item of batch) item.resolve(result);
      return;
    }
    await Promise.all(batch.map((item) => this.#commitAlone(item)));
  }

  async #commitAlone(item: Pending): Promise<void> {
    try {
      item.resolve(await this.#atomic([item.plan]).commit());
    } catch (error) {
      item.reject(error);
    }
  }

  #atomic(plans: PlannedCommit[]): Deno.AtomicOperation {
    const op = this.#kv.atomic();
    for (const plan of plans) {
      op.check(...plan.checks);
      op.mutate(...plan.mutations);
    }
    return op;
  }
}

function keysOf(plan: PlannedCommit): string[] {
  const keys = new Set<string>();
  for (const check of plan.checks) keys.add(keyId(check.key));
  for (const mutation of plan.mutations) keys.add(keyId(mutation.key));
  return [...keys];
}

/**
 * A string that is equal for equal KV keys. KV stores key strings as UTF-8,
 * where every lone surrogate becomes U+FFFD: `toWellFormed()` makes the same
 * replacement, so keys that KV would treat as one never look disjoint here.
 */
function keyId(key: Deno.KvKey): string {
  return JSON.stringify(
    key,
    (_name, part) =>
      typeof part === "string"
        ? part.toWellFormed()
        : typeof part === "bigint"
        ? { bigint: String(part) }
        : part instanceof Uint8Array
        ? { bytes: Array.from(part) }
        : part,
  );
}

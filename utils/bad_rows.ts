/**
 * What happens to a malformed row read from KV: the reader treats it as
 * missing (or skips it in a list), and reports it here, which logs it with
 * its key once per process and version of the row, so a row written by an
 * older or broken version (or edited by hand) shows up in the logs without
 * flooding them, and never takes a page down.
 *
 * Each reader checks its rows where it reads them, with a guard of its own
 * (`parseProduct`, `isOrder`, `isUser`, `isPost`, …); this module only
 * keeps the log honest.
 *
 * @module
 */

/** Keys and versionstamps already reported by this process. */
const reported = new Set<string>();

// Bounds the memory a pathological database can take; past it, lines repeat.
const MAX_REMEMBERED = 10_000;

/** Where reports go; tests swap it to read the lines. */
export interface BadRowLog {
  warn(message: string): void;
}

let log: BadRowLog = console;

/**
 * Sends reports to `to` until the returned function is called, which
 * restores the previous log. For tests.
 *
 * @param to Receives each log line.
 */
export function captureBadRows(to: BadRowLog): () => void {
  const previous = log;
  log = to;
  return () => {
    log = previous;
  };
}

/** A KV key as log text, e.g. `["products","notebook"]`. */
export function formatKey(key: Deno.KvKey): string {
  return `[${
    key.map((part) =>
      typeof part === "bigint"
        ? `${part}n`
        : part instanceof Uint8Array
        ? `0x${
          Array.from(part, (b) => b.toString(16).padStart(2, "0")).join("")
        }`
        : JSON.stringify(part)
    ).join(",")
  }]`;
}

/**
 * Reports that the row `entry` is malformed and was ignored: one log line
 * per key, version and process (read again, it stays quiet; rewritten
 * badly, it is logged again).
 *
 * @param entry The row as read: its key and versionstamp.
 * @param what What the row should have held, e.g. "product".
 * @example
 * ```ts
 * const entry = await kv.get(["orders", id]);
 * if (entry.versionstamp !== null && !isOrder(entry.value)) {
 *   reportBadRow(entry, "order");
 * }
 * ```
 */
export function reportBadRow(
  entry: { key: Deno.KvKey; versionstamp: string | null },
  what: string,
): void {
  const text = formatKey(entry.key);
  const seen = `${text}@${entry.versionstamp}`;
  if (reported.has(seen)) return;
  if (reported.size < MAX_REMEMBERED) reported.add(seen);
  log.warn(`malformed ${what} row ignored: ${text}`);
}

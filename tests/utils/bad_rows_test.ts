/**
 * The bad-row log: one line per key and row version, with the key written
 * out whatever its parts' types.
 */
import { deepStrictEqual, strictEqual } from "node:assert";
import {
  captureBadRows,
  formatKey,
  reportBadRow,
} from "../../utils/bad_rows.ts";

Deno.test("formatKey writes every kind of key part", () => {
  strictEqual(
    formatKey(["a", 1, 2n, true, new Uint8Array([0, 255])]),
    '["a",1,2n,true,0x00ff]',
  );
});

Deno.test("a bad row is logged once per version; rewritten, it is logged again", () => {
  const lines: string[] = [];
  const restore = captureBadRows({ warn: (line) => lines.push(line) });
  try {
    const key = ["things", crypto.randomUUID()];
    reportBadRow({ key, versionstamp: "01" }, "thing");
    reportBadRow({ key, versionstamp: "01" }, "thing");
    reportBadRow({ key, versionstamp: "02" }, "thing");
    const line = `malformed thing row ignored: ${formatKey(key)}`;
    deepStrictEqual(lines, [line, line]);
  } finally {
    restore();
  }
});

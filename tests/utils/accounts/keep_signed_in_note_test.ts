import { strictEqual } from "node:assert";
import { durationText } from "../../../utils/accounts/keep_signed_in_note.ts";

Deno.test("durationText: whole days, hours or minutes, rounded up, singular for one", () => {
  const table: [number, string][] = [
    [43200, "12 hours"],
    [3600, "1 hour"],
    [86400, "1 day"],
    [1209600, "14 days"],
    [1800, "30 minutes"],
    [5400, "90 minutes"],
    [61, "2 minutes"],
    [1, "1 minute"],
  ];
  for (const [seconds, text] of table) {
    strictEqual(durationText(seconds), text, String(seconds));
  }
});

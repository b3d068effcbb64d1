import { strictEqual } from "node:assert";
import { waitInMinutes } from "../../../utils/accounts/wait_text.ts";

Deno.test("waitInMinutes rounds a Retry-After up to whole minutes, never below one", () => {
  const cases: [number, string][] = [
    [0, "a minute"],
    [1, "a minute"],
    [60, "a minute"],
    [61, "2 minutes"],
    [899, "15 minutes"],
    [3600, "60 minutes"],
  ];
  for (const [seconds, text] of cases) {
    strictEqual(waitInMinutes(seconds), text);
  }
});

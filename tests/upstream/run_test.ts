import { strictEqual } from "node:assert";

Deno.test("test:upstream without the upstream folder says so in one line and passes", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", new URL("./run.ts", import.meta.url).pathname],
    env: { FRESH_UPSTREAM_DIR: "/nonexistent/fresh-1.7.3" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(output.stdout);
  strictEqual(output.code, 0, new TextDecoder().decode(output.stderr));
  strictEqual(stdout.trim().split("\n").length, 1, stdout);
  strictEqual(stdout.startsWith("test:upstream skipped"), true, stdout);
});

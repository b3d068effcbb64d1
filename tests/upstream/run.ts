/**
 * `deno task test:upstream`: runs the app on upstream Fresh 1.7.3 and
 * checks that it behaves as on our runtime.
 *
 * 1. Copies the project twice into temporary folders: one as it is, one
 *    whose `$fresh/` alias (plus upstream's URL map) points at upstream.
 * 2. Builds both with the project's own `deno task build`.
 * 3. Runs the app's runtime-independent tests on the upstream copy: the
 *    route tests, the messages tests that go through `createHandler`, and
 *    the Chromium suite.
 * 4. Serves both copies, each on its own in-memory KV, sends both the same
 *    requests (tests/upstream/flows.ts) and fails on any difference not in
 *    tests/upstream/allowed_differences.ts.
 *
 * Upstream is found at `FRESH_UPSTREAM_DIR`, by default
 * `../shared/fresh-1.7.3` from the project root. Without it, this says so
 * in one line and exits 0. `--diff-only` skips step 3; `--keep` leaves the
 * two copies in place (their paths are printed) to look into a failure.
 *
 * @module
 */

import { ALLOWED_DIFFERENCES } from "./allowed_differences.ts";
import { compare, runFlows } from "./flow_diff.ts";
import { FLOWS } from "./flows.ts";
import {
  copyProject,
  DEFAULT_UPSTREAM_DIR,
  findUpstream,
} from "./upstream_project.ts";

/** The test files that run on upstream too. */
export const UPSTREAM_TESTS = [
  "tests/routes/",
  "tests/utils/messages/",
  "tests/utils/http/public_page_cache_test.tsx",
  "tests/utils/http/immutable_responses_test.ts",
  "tests/e2e/",
];

const ENV = { FRESH_NO_UPDATE_CHECK: "true", KV_PATH: ":memory:" };

async function run(cwd: string, args: string[]): Promise<void> {
  const status = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    env: ENV,
    stdout: "inherit",
    stderr: "inherit",
  }).spawn().status;
  if (!status.success) {
    throw new Error(`deno ${args.join(" ")} failed in ${cwd} (${status.code})`);
  }
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

interface Served {
  origin: string;
  stop(): Promise<void>;
}

/** Starts the copy's production entry point, as `deno task serve` does. */
async function serve(cwd: string): Promise<Served> {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      "--allow-env",
      "--allow-read=.",
      "--allow-write=./data",
      "main.ts",
    ],
    cwd,
    env: { ...ENV, PORT: String(port) },
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    await child.status;
  };
  for (let i = 0; i < 300; i++) {
    try {
      const res = await fetch(origin + "/favicon.svg");
      await res.body?.cancel();
      if (res.ok) return { origin, stop };
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`The app in ${cwd} did not start on ${origin}`);
}

async function flowDiff(
  oursDir: string,
  upstreamDir: string,
): Promise<boolean> {
  const ours = await serve(oursDir);
  let upstream: Served | undefined;
  try {
    upstream = await serve(upstreamDir);
    const [a, b] = [
      await runFlows(ours.origin, FLOWS),
      await runFlows(upstream.origin, FLOWS),
    ];
    const { unexplained, accepted, unused } = compare(
      a,
      b,
      ALLOWED_DIFFERENCES,
    );
    console.log(
      `Flow diff: ${FLOWS.length} requests, ${accepted.length} accepted differences, ${unexplained.length} unexplained.`,
    );
    for (const d of unexplained) {
      console.log(
        `\n✗ ${d.step} · ${d.field}\n  ours:     ${d.ours}\n  upstream: ${d.upstream}`,
      );
    }
    for (const entry of unused) {
      console.log(
        `! allow-list entry matched nothing: ${entry.step} · ${entry.field}`,
      );
    }
    return unexplained.length === 0;
  } finally {
    await upstream?.stop();
    await ours.stop();
  }
}

if (import.meta.main) {
  const upstream = await findUpstream();
  if (!upstream) {
    console.log(
      `test:upstream skipped: no upstream Fresh 1.7.3 at ${
        Deno.env.get("FRESH_UPSTREAM_DIR") ?? DEFAULT_UPSTREAM_DIR
      } (set FRESH_UPSTREAM_DIR to run it).`,
    );
    Deno.exit(0);
  }
  const oursDir = await copyProject();
  const upstreamDir = await copyProject(upstream);
  let ok = false;
  try {
    console.log(
      `Upstream Fresh: ${upstream}\nCopies: ${oursDir} ${upstreamDir}`,
    );
    await run(oursDir, ["task", "build"]);
    await run(upstreamDir, ["task", "build"]);
    const only = Deno.args.includes("--diff-only");
    if (!only) {
      await run(upstreamDir, [
        "test",
        "--no-check",
        "--allow-all",
        "--parallel",
        ...UPSTREAM_TESTS,
      ]);
    }
    ok = await flowDiff(oursDir, upstreamDir);
  } finally {
    if (!Deno.args.includes("--keep")) {
      await Deno.remove(oursDir, { recursive: true });
      await Deno.remove(upstreamDir, { recursive: true });
    }
  }
  Deno.exit(ok ? 0 : 1);
}

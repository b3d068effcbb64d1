/**
 * The ahead-of-time build: `deno task build` writes `_fresh/`, the
 * production entry point serves island bundles from it with immutable
 * caching, and a deployment without a build refuses to start with a
 * message that names the fix.
 */
import { ok, strictEqual } from "node:assert";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

// What `deno task build` and `serve` read. The build test works on a copy
// of these: rebuilding the repository's own `_fresh/` would pull it from
// under the app processes other tests start meanwhile.
const PROJECT_FILES = [
  "deno.json",
  "deno.lock",
  "main.ts",
  "dev.ts",
  "fresh.gen.ts",
  "fresh.config.ts",
  "routes",
  "islands",
  "components",
  "utils",
  "framework",
  "static",
  "tasks",
];

async function copyProject(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "build-test-" });
  for (const name of PROJECT_FILES) {
    await copy(`${ROOT}${name}`, `${dir}/${name}`);
  }
  return dir;
}

async function copy(from: string, to: string): Promise<void> {
  const info = await Deno.stat(from);
  if (!info.isDirectory) return await Deno.copyFile(from, to);
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    await copy(`${from}/${entry.name}`, `${to}/${entry.name}`);
  }
}

async function run(
  args: string[],
  env: Record<string, string> = {},
  cwd = ROOT,
) {
  const output = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return {
    code: output.code,
    stdout: decode(output.stdout),
    stderr: decode(output.stderr),
  };
}

Deno.test("deno task build writes _fresh/ and the served app uses it", async () => {
  const project = await copyProject();
  try {
    await buildAndServe(project);
  } finally {
    await Deno.remove(project, { recursive: true });
  }
});

async function buildAndServe(project: string) {
  const build = await run(["task", "build"], {}, project);
  strictEqual(build.code, 0, build.stderr);
  ok(
    !build.stdout.includes("Updated fresh.gen.ts"),
    "fresh.gen.ts was stale: run `deno task build` and commit it",
  );
  const snapshot = JSON.parse(
    await Deno.readTextFile(`${project}/_fresh/snapshot.json`),
  );
  const islandModule: string = snapshot.islands["islands/Counter.tsx"];
  ok(islandModule, "the build lists the Counter island");

  // `deno task serve` itself, with the narrow permissions it derives, on a
  // KV file outside the project's ./data.
  const kvPath = `${project}-kv/var/lib/shop/app.kv`;
  const server = new Deno.Command(Deno.execPath(), {
    args: ["task", "serve"],
    cwd: project,
    env: { PORT: "0", HOST: "127.0.0.1", KV_PATH: kvPath },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  try {
    const origin = await listeningOrigin(server.stdout);
    const html = await (await fetch(origin + "/about")).text();
    const boot = /<script type="module" src="([^"]+)"/.exec(html)?.[1];
    ok(boot, "the about page loads the boot module");
    const bundleBase = boot.slice(0, boot.indexOf(snapshot.bootPath));

    const res = await fetch(origin + bundleBase + islandModule);
    strictEqual(res.status, 200);
    strictEqual(
      res.headers.get("cache-control"),
      "public, max-age=31536000, immutable",
    );
    ok(res.headers.get("content-type")?.startsWith("text/javascript"));
    const served = new Uint8Array(await res.arrayBuffer());
    const built = await Deno.readFile(
      `${project}/_fresh/js/${islandModule}`,
    );
    strictEqual(served.length, built.length);
    ok(served.every((byte, i) => byte === built[i]));

    const wrongBuild = await fetch(
      origin + "/_frsh/js/not-this-build/" + islandModule,
    );
    strictEqual(wrongBuild.status, 404);
    await wrongBuild.body?.cancel();
    ok((await Deno.stat(kvPath)).isFile, "the KV file was created");
  } finally {
    server.kill("SIGTERM");
    strictEqual((await server.status).code, 0);
    await Deno.remove(`${project}-kv`, { recursive: true }).catch(() => {});
  }
}

Deno.test("with DENO_DEPLOYMENT_ID and no build, start-up fails with a clear message", async () => {
  const emptyDir = await Deno.makeTempDir();
  try {
    const result = await run([
      "run",
      "--allow-all",
      "tests/framework/fixtures/start_without_build.ts",
      `${emptyDir}/_fresh`,
    ], { DENO_DEPLOYMENT_ID: "test-deployment" });
    strictEqual(result.code, 1);
    ok(
      result.stderr.includes("run `deno task build` before deploying"),
      result.stderr,
    );
  } finally {
    await Deno.remove(emptyDir, { recursive: true });
  }
});

/** Reads the server's stdout until it prints its listening address. */
async function listeningOrigin(
  stdout: ReadableStream<Uint8Array<ArrayBuffer>>,
): Promise<string> {
  const reader = stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (true) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`Server exited before listening:\n${seen}`);
    seen += value;
    const match = /Listening on http:\/\/[^:]+:(\d+)\//.exec(seen);
    if (match) {
      // Keep draining so the child never blocks on a full pipe.
      (async () => {
        while (!(await reader.read()).done) { /* discard */ }
      })().catch(() => {});
      return `http://127.0.0.1:${match[1]}`;
    }
  }
}

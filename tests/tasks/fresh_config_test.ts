/**
 * `fresh.config.ts` as an operator edits it, under `deno task serve` and
 * `deno task serve:parallel`: the listener options it sets are where the
 * app listens (with the permission for that address), and an option the
 * app cannot serve with stops start-up in one line. Each test runs the
 * tasks in a copy of the project whose `fresh.config.ts` it rewrites.
 * Needs `deno task build` first, as `serve` does.
 *
 * @module
 */
import { match, strictEqual } from "node:assert";
import { join } from "node:path";
import { freePort, ROOT } from "../hardening/_app_process.ts";
import { copyProject } from "../upstream/upstream_project.ts";
import { listening, runTask } from "./_task_process.ts";

/** A copy of the project, with its build, whose config is `config`. */
async function projectWithConfig(config: string): Promise<string> {
  const dir = await copyProject();
  for (const path of ["_fresh", "bench/serve_parallel.ts"]) {
    await Deno.mkdir(join(dir, path, ".."), { recursive: true });
    const cp = await new Deno.Command("cp", {
      args: ["-R", join(ROOT, path), join(dir, path)],
    }).output();
    strictEqual(cp.code, 0, new TextDecoder().decode(cp.stderr));
  }
  await Deno.writeTextFile(
    join(dir, "fresh.config.ts"),
    `import { defineConfig } from "$fresh/server.ts";\n\nexport default defineConfig(${config});\n`,
  );
  return dir;
}

for (const task of ["serve", "serve:parallel"]) {
  Deno.test(`deno task ${task}: fresh.config.ts server.port and hostname win over PORT and HOST, and are granted`, async () => {
    const port = freePort();
    const dir = await projectWithConfig(
      `{ server: { port: ${port}, hostname: "127.0.0.1" } }`,
    );
    const app = runTask(task, {
      KV_PATH: ":memory:",
      PORT: String(freePort()),
      HOST: "0.0.0.0",
      DENO_JOBS: "1",
    }, dir);
    try {
      const address = await listening(app);
      strictEqual(address, `http://127.0.0.1:${port}/`);
      const res = await fetch(`http://127.0.0.1:${port}/`);
      await res.body?.cancel();
      strictEqual(res.status, 200);
    } finally {
      await app.kill("SIGTERM");
      await Deno.remove(dir, { recursive: true });
    }
    strictEqual(app.errors().match(/^\s+at /m), null, app.output());
  });
}

// The app's links, form actions and redirects are written from the root.
const UNSERVABLE: [string, string][] = [
  ["router.basePath", `{ router: { basePath: "/shop" } }`],
  ["server.port", `{ server: { port: 70000 } }`],
];

Deno.test("deno task serve and serve:parallel: a fresh.config.ts option the app cannot serve with is one line naming it, no stack trace", async () => {
  for (const [option, config] of UNSERVABLE) {
    const dir = await projectWithConfig(config);
    try {
      for (const task of ["serve", "serve:parallel"]) {
        const app = runTask(task, {
          KV_PATH: ":memory:",
          PORT: "0",
          HOST: "127.0.0.1",
          DENO_JOBS: "2",
        }, dir);
        // Listening instead of stopping is the failure, not a hang.
        const status = await Promise.race([
          app.status,
          app.address.then(() => app.kill("SIGTERM")),
        ]);
        strictEqual(status.code, 1, app.output());
        const lines = app.errors().split("\n");
        strictEqual(lines.length, 1, app.output());
        match(lines[0], new RegExp(`^fresh\\.config\\.ts ${option}`));
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  }
});

Deno.test("main.ts run by hand (as on Deno Deploy) under router.basePath: one line naming it, no stack trace", async () => {
  const dir = await projectWithConfig(`{ router: { basePath: "/shop" } }`);
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", "main.ts"],
      cwd: dir,
      env: { NO_COLOR: "1", KV_PATH: ":memory:", PORT: "0" },
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(60_000),
    }).output();
    const errors = new TextDecoder().decode(out.stderr).trim();
    strictEqual(out.code, 1, errors);
    strictEqual(errors.split("\n").length, 1, errors);
    match(errors, /^fresh\.config\.ts router\.basePath/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task build and serve: a fresh.config.ts build.outDir is where the build writes and what the app serves its islands from", async () => {
  const dir = await projectWithConfig(`{ build: { outDir: "./dist" } }`);
  // The build may write to the temporary folder, where the copy lives: one
  // of its own keeps that grant from covering ./dist.
  const tmp = await Deno.makeTempDir();
  try {
    const build = await new Deno.Command(Deno.execPath(), {
      args: ["task", "build"],
      cwd: dir,
      env: { NO_COLOR: "1", TMPDIR: tmp },
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(120_000),
    }).output();
    const errors = new TextDecoder().decode(build.stderr);
    strictEqual(build.code, 0, errors);
    strictEqual(errors.match(/^\s+at /m), null, errors);
    await Deno.stat(join(dir, "dist"));

    await Deno.remove(join(dir, "_fresh"), { recursive: true });
    const app = runTask("serve", {
      KV_PATH: ":memory:",
      PORT: "0",
      HOST: "127.0.0.1",
    }, dir);
    try {
      const address = await listening(app);
      const page = await fetch(new URL("/about", address));
      const html = await page.text();
      strictEqual(page.status, 200);
      const script = html.match(/src="(\/_frsh\/js\/[^"]+)"/)?.[1];
      strictEqual(typeof script, "string", "the page loads its island code");
      const js = await fetch(new URL(script!, address));
      await js.body?.cancel();
      strictEqual(js.status, 200);
    } finally {
      await app.kill("SIGTERM");
    }
    strictEqual(app.errors().match(/^\s+at /m), null, app.output());
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(tmp, { recursive: true });
  }
});

import { deepStrictEqual, match, ok, strictEqual, throws } from "node:assert";
import { ChromiumNotFoundError, findChromium } from "./chromium.ts";

async function executable(path: string): Promise<string> {
  await Deno.writeTextFile(path, "#!/bin/sh\nexit 0\n");
  await Deno.chmod(path, 0o755);
  return path;
}

/** A temp dir with `bin/` (a fake PATH entry) and `fixed/` (a fake /usr/bin). */
async function sandbox() {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/bin`);
  await Deno.mkdir(`${dir}/other`);
  await Deno.mkdir(`${dir}/fixed`);
  return {
    dir,
    fixed: `${dir}/fixed/chromium`,
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

const env = (vars: Record<string, string>) => new Map(Object.entries(vars));

Deno.test("CHROMIUM_PATH wins, then /usr/bin/chromium, then chromium-browser and google-chrome on PATH", async () => {
  await using box = await sandbox();
  const path = `${box.dir}/other:${box.dir}/bin`;
  const chrome = await executable(`${box.dir}/bin/google-chrome`);
  deepStrictEqual(findChromium(env({ PATH: path }), [box.fixed]), chrome);

  const browser = await executable(`${box.dir}/bin/chromium-browser`);
  deepStrictEqual(findChromium(env({ PATH: path }), [box.fixed]), browser);

  // The first PATH entry that has one wins.
  const earlier = await executable(`${box.dir}/other/google-chrome`);
  await Deno.remove(browser);
  deepStrictEqual(findChromium(env({ PATH: path }), [box.fixed]), earlier);

  const fixed = await executable(box.fixed);
  deepStrictEqual(findChromium(env({ PATH: path }), [box.fixed]), fixed);

  const own = await executable(`${box.dir}/my-chrome`);
  deepStrictEqual(
    findChromium(env({ PATH: path, CHROMIUM_PATH: own }), [box.fixed]),
    own,
  );
});

Deno.test("files that are not executable, and folders, do not count", async () => {
  await using box = await sandbox();
  await Deno.writeTextFile(`${box.dir}/bin/chromium-browser`, "not a program");
  await Deno.chmod(`${box.dir}/bin/chromium-browser`, 0o644);
  await Deno.mkdir(`${box.dir}/bin/google-chrome`);
  throws(
    () => findChromium(env({ PATH: `${box.dir}/bin` }), [box.fixed]),
    ChromiumNotFoundError,
  );
});

Deno.test("no Chromium anywhere: one line saying how to install it or set CHROMIUM_PATH", async () => {
  await using box = await sandbox();
  const cases: Record<string, string>[] = [{ PATH: `${box.dir}/bin` }, {}];
  for (const vars of cases) {
    throws(() => findChromium(env(vars), [box.fixed]), (error) => {
      ok(error instanceof ChromiumNotFoundError);
      match(error.message, /apt-get install chromium/);
      match(error.message, /CHROMIUM_PATH/);
      strictEqual(error.message.includes("\n"), false);
      return true;
    });
  }
});

Deno.test("a CHROMIUM_PATH that is not a program is an error, not a silent fallback", async () => {
  await using box = await sandbox();
  await executable(box.fixed);
  throws(
    () =>
      findChromium(
        env({ CHROMIUM_PATH: `${box.dir}/missing`, PATH: "" }),
        [box.fixed],
      ),
    (error) => {
      ok(error instanceof ChromiumNotFoundError);
      match(
        error.message,
        /^CHROMIUM_PATH=.*missing is not an executable file/,
      );
      return true;
    },
  );
});

Deno.test("the test run's preflight fails fast with that one line", async () => {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-env",
      "--allow-read",
      new URL("./require_chromium.ts", import.meta.url).pathname,
    ],
    env: { CHROMIUM_PATH: "/nonexistent/chromium", NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  strictEqual(code, 1);
  strictEqual(new TextDecoder().decode(stdout), "");
  const lines = new TextDecoder().decode(stderr).trim().split("\n");
  strictEqual(lines.length, 1, lines.join("\n"));
  match(lines[0], /CHROMIUM_PATH=\/nonexistent\/chromium/);
});

/**
 * Finds the Chromium the browser tests drive. They never download one, so
 * on a machine without it the run should say so once, plainly, rather than
 * fail every browser test with its own stack trace.
 *
 * Where it looks, in order: `CHROMIUM_PATH`; `/usr/bin/chromium` (Debian's
 * `chromium` package); then `chromium-browser` (Ubuntu's name) and
 * `google-chrome` on `PATH`.
 *
 * @module
 */

/** Anything with `get(name)`, such as `Deno.env` or a `Map`. */
export interface EnvReader {
  get(name: string): string | undefined;
}

/** Where Debian's `chromium` package puts the browser. */
export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/** Names looked up on `PATH`, in order. */
export const CHROMIUM_NAMES = ["chromium-browser", "google-chrome"] as const;

const HOW_TO_GET_ONE =
  "install it (Debian or Ubuntu: `apt-get install chromium`) or set CHROMIUM_PATH to a Chromium or Chrome executable";

/** No usable Chromium: the message is one line that says what to do. */
export class ChromiumNotFoundError extends Error {
  override name = "ChromiumNotFoundError";
}

function isExecutableFile(path: string): boolean {
  try {
    const info = Deno.statSync(path);
    return info.isFile && ((info.mode ?? 0) & 0o111) !== 0;
  } catch {
    return false;
  }
}

/**
 * The path of the Chromium to launch.
 *
 * @param env Where `CHROMIUM_PATH` and `PATH` are read.
 * @param fixed The fixed locations tried after `CHROMIUM_PATH` (tests
 *   replace Debian's with one in a temp dir).
 * @throws {ChromiumNotFoundError} when none is found, or `CHROMIUM_PATH`
 *   names something that is not an executable file.
 */
export function findChromium(
  env: EnvReader = Deno.env,
  fixed: readonly string[] = [DEBIAN_CHROMIUM],
): string {
  const configured = env.get("CHROMIUM_PATH")?.trim();
  if (configured) {
    if (isExecutableFile(configured)) return configured;
    // Set on purpose, so falling back to another browser would hide it.
    throw new ChromiumNotFoundError(
      `CHROMIUM_PATH=${configured} is not an executable file: point it at a Chromium or Chrome executable, or unset it to use ${DEBIAN_CHROMIUM}.`,
    );
  }
  for (const path of fixed) {
    if (isExecutableFile(path)) return path;
  }
  const dirs = (env.get("PATH") ?? "").split(":").filter((dir) => dir !== "");
  for (const name of CHROMIUM_NAMES) {
    for (const dir of dirs) {
      const path = `${dir}/${name}`;
      if (isExecutableFile(path)) return path;
    }
  }
  throw new ChromiumNotFoundError(
    `The browser tests need Chromium, and none was found (CHROMIUM_PATH unset, no ${
      fixed.join(", ")
    }, no ${CHROMIUM_NAMES.join(" or ")} on PATH): ${HOW_TO_GET_ONE}.`,
  );
}

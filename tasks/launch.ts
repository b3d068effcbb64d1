/**
 * Starts the app the way `deno task serve` (`main.ts`) or `deno task
 * serve:parallel` (`deno serve --parallel`) does, with permissions derived
 * from the configuration (see `launch_args.ts`), and stays its parent:
 * SIGTERM and SIGINT are passed on, so the app shuts down gracefully, and
 * its exit status becomes this process's.
 *
 * A configuration value that cannot work stops here with one line naming
 * the variable and the fix, before anything starts.
 *
 *   deno run --allow-env --allow-run=deno tasks/launch.ts serve
 *
 * @module
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError } from "../utils/config_error.ts";
import config from "../fresh.config.ts";
import { LAUNCH_MODES, launchArgs, type LaunchMode } from "./launch_args.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

const mode = Deno.args[0] as LaunchMode;
if (!LAUNCH_MODES.includes(mode)) {
  console.error(`Usage: tasks/launch.ts ${LAUNCH_MODES.join("|")}`);
  Deno.exit(2);
}

let args: string[];
try {
  args = launchArgs(mode, Deno.env, ROOT, config);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  Deno.exit(1);
}

// `deno` from PATH, the one `deno task` itself runs (`--allow-run=deno`).
let child: Deno.ChildProcess;
try {
  child = new Deno.Command("deno", {
    args,
    cwd: ROOT,
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
} catch (error) {
  if (!(error instanceof Deno.errors.NotFound)) throw error;
  console.error(
    `tasks/launch.ts starts the app with \`deno\` from PATH, and there is none: add ${
      dirname(Deno.execPath())
    } to PATH.`,
  );
  Deno.exit(1);
}

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.addSignalListener(signal, () => {
    try {
      child.kill(signal);
    } catch {
      // Already gone: its status is on the way.
    }
  });
}

const status = await child.status;
Deno.exit(status.signal ? 128 + signalNumber(status.signal) : status.code);

function signalNumber(signal: Deno.Signal): number {
  const numbers: Partial<Record<Deno.Signal, number>> = {
    SIGINT: 2,
    SIGKILL: 9,
    SIGTERM: 15,
  };
  return numbers[signal] ?? 0;
}

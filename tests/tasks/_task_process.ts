/**
 * Runs a `deno task` of the project exactly as an operator types it, with
 * the environment given, and reads what it prints: the address it reports
 * listening on, or the lines it failed with.
 *
 * @module
 */
import { ROOT } from "../hardening/_app_process.ts";

/** A task that was started. */
export interface TaskProcess {
  /** Resolves with the first `http://…/` address the task reports. */
  address: Promise<string>;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Stderr only, without `deno task`'s own "Task …" line. */
  errors(): string;
  /** Resolves when the task has exited, with its output complete. */
  status: Promise<Deno.CommandStatus>;
  /** Sends `signal` to the task (which forwards it) and waits for the exit. */
  kill(signal?: Deno.Signal): Promise<Deno.CommandStatus>;
}

/**
 * Starts `deno task <name>` in the project root, or in `cwd` (a copy of
 * the project).
 */
export function runTask(
  name: string,
  env: Record<string, string>,
  cwd: string = ROOT,
): TaskProcess {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["task", name],
    cwd,
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let out = "";
  let err = "";
  let announce: (address: string) => void;
  const address = new Promise<string>((resolve) => announce = resolve);
  const decoder = () => new TextDecoder();
  const drain = (stream: ReadableStream<Uint8Array>, isErr: boolean) => {
    const text = decoder();
    return stream.pipeTo(
      new WritableStream({
        write(chunk) {
          const piece = text.decode(chunk, { stream: true });
          out += piece;
          if (isErr) err += piece;
          const found = /Listening on (http:\/\/\S+\/)/.exec(out);
          if (found) announce(found[1]);
        },
      }),
    ).catch(() => {});
  };
  const drained = Promise.all([
    drain(child.stdout, false),
    drain(child.stderr, true),
  ]);
  let exited = false;
  const status = child.status.then(async (s) => {
    exited = true;
    await drained;
    return s;
  });
  return {
    address,
    output: () => out,
    errors: () =>
      err.split("\n").filter((line) => line && !/^Task /.test(line)).join(
        "\n",
      ),
    status,
    async kill(signal: Deno.Signal = "SIGTERM") {
      if (!exited) {
        try {
          child.kill(signal);
        } catch {
          // Already gone.
        }
      }
      return await status;
    },
  };
}

/** Resolves with the address, or rejects with the output if the task exits first. */
export async function listening(task: TaskProcess): Promise<string> {
  const exited = task.status.then((s) => {
    throw new Error(
      `the task exited (${s.code}) before listening:\n${task.output()}`,
    );
  });
  return await Promise.race([task.address, exited]);
}

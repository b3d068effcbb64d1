/**
 * A real Deno KV for tests that need one and nothing else.
 *
 * @module
 */

/**
 * Runs `run` with a fresh in-memory Deno KV and closes it afterwards,
 * whether `run` succeeds or throws.
 */
export async function withKv(
  run: (kv: Deno.Kv) => Promise<void>,
): Promise<void> {
  const kv = await Deno.openKv(":memory:");
  try {
    await run(kv);
  } finally {
    kv.close();
  }
}

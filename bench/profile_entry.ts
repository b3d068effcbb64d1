/**
 * Entry point for profiling the real app: `main.ts` with a SIGINT/SIGTERM
 * handler that exits normally, so `deno run --cpu-prof` writes its
 * .cpuprofile (a killed process writes none). Used by bench/profile.ts.
 *
 * @module
 */
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, () => Deno.exit(0));
}
await import("../main.ts");

/**
 * The arithmetic of `deno task bench:alloc`: a V8 sampling heap profile
 * (`HeapProfiler.stopSampling`, taken with the objects later collected kept
 * in) turned into bytes allocated per request, by the function that
 * allocated them (self) and by every function on the allocating stack
 * (inclusive). Pure: tested in tests/bench/alloc_profile_test.ts.
 *
 * @module
 */

/** One node of a sampling heap profile, as V8's inspector returns it. */
export interface HeapProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  /** Bytes sampled as allocated by this frame itself. */
  selfSize: number;
  children: HeapProfileNode[];
}

/** One row: a function and its bytes per request. */
export interface AllocationRow {
  name: string;
  bytes: number;
}

/** What {@linkcode allocationRows} returns. */
export interface AllocationRows {
  /** All sampled bytes per request. */
  total: number;
  /** By the allocating function, largest first. */
  self: AllocationRow[];
  /** By every function on the stack, each counted once per stack. */
  inclusive: AllocationRow[];
}

/**
 * `name file:line` of a frame: the file as its last two path segments,
 * enough to tell `routes/index.tsx` from `src/index.js`. Lines are 1-based.
 */
export function frameName(frame: HeapProfileNode["callFrame"]): string {
  const file = frame.url.split("/").slice(-2).join("/");
  return `${frame.functionName || "(anonymous)"} ${file}:${
    frame.lineNumber + 1
  }`;
}

/**
 * Bytes per request by function.
 *
 * @param head The profile's root node.
 * @param requests How many requests the profile covers.
 */
export function allocationRows(
  head: HeapProfileNode,
  requests: number,
): AllocationRows {
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  // Depth-first with an explicit stack: deep trees do not grow the call stack.
  const work: { node: HeapProfileNode; path: string[] }[] = [{
    node: head,
    path: [],
  }];
  while (work.length > 0) {
    const { node, path } = work.pop()!;
    const name = frameName(node.callFrame);
    const here = [...path, name];
    if (node.selfSize > 0) {
      total += node.selfSize;
      self.set(name, (self.get(name) ?? 0) + node.selfSize);
      // A recursive function counts once per allocating stack.
      for (const fn of new Set(here)) {
        inclusive.set(fn, (inclusive.get(fn) ?? 0) + node.selfSize);
      }
    }
    for (const child of node.children) work.push({ node: child, path: here });
  }
  const rows = (m: Map<string, number>) =>
    [...m].map(([name, bytes]) => ({ name, bytes: bytes / requests }))
      .sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1));
  return {
    total: total / requests,
    self: rows(self),
    inclusive: rows(inclusive),
  };
}

/** Rows as a markdown table in kB per request. */
export function allocationTable(rows: AllocationRow[], limit: number): string {
  const lines = ["| function | kB per request |", "|---|---:|"];
  for (const row of rows.slice(0, limit)) {
    lines.push(
      `| \`${row.name.replaceAll("|", "\\|")}\` | ${
        (row.bytes / 1024).toFixed(2)
      } |`,
    );
  }
  return lines.join("\n");
}

/**
 * The project's import rules, checked over the module graph that
 * `deno info --json` reports: which way imports may point, and no cycles.
 * Type-only imports count: they tie modules together just the same.
 *
 * @module
 */

/** Local modules (paths relative to the project root) and their imports. */
export type ImportGraph = Map<string, Set<string>>;

/** One broken rule: the importer, the imported module and why it is refused. */
export interface Violation {
  from: string;
  to: string;
  rule: string;
}

/**
 * Server-only code an island must never reach, even through another module:
 * whatever an island imports is bundled and shipped to the browser.
 */
const SERVER_ONLY = [
  "utils/session/",
  "utils/kv/",
  "utils/accounts/",
  "utils/posts/",
  "utils/http/",
  "utils/app_kv_middleware.ts",
  "utils/state.ts",
  "routes/",
];

/**
 * What the session and messages libraries may import besides their own
 * folders: the framework's types and generic helpers, nothing of the shop
 * (not the app's KV handle either: the app passes it in).
 */
const LIBRARY_MAY_IMPORT = [
  "framework/",
  "utils/kv/errors.ts",
  "utils/kv/group_commit.ts",
  "utils/kv/group_read.ts",
  "utils/cookie.ts",
  "utils/tracing.ts",
  "utils/config_error.ts",
  "utils/positive_option.ts",
  "utils/mutable_headers.ts",
];

const RULES: {
  rule: string;
  refuses: (from: string, to: string) => boolean;
}[] = [
  {
    rule: "utils/ must not import components/, islands/ or routes/",
    refuses: (from, to) =>
      from.startsWith("utils/") &&
      ["components/", "islands/", "routes/"].some((dir) => to.startsWith(dir)),
  },
  {
    rule: "utils/session/ must import only itself and generic helpers",
    refuses: (from, to) =>
      from.startsWith("utils/session/") && !to.startsWith("utils/session/") &&
      !LIBRARY_MAY_IMPORT.some((prefix) => to.startsWith(prefix)),
  },
  {
    rule:
      "utils/messages/ must import only itself, utils/session/ and generic helpers",
    refuses: (from, to) =>
      from.startsWith("utils/messages/") &&
      !["utils/messages/", "utils/session/", ...LIBRARY_MAY_IMPORT].some((
        prefix,
      ) => to.startsWith(prefix)),
  },
  {
    rule: "framework/ must not import app code",
    refuses: (from, to) =>
      from.startsWith("framework/") && !to.startsWith("framework/"),
  },
];

/**
 * The import graph of the local modules `deno info --json` reports for one
 * entry point; npm and node modules are left out.
 *
 * @param info The parsed output of `deno info --json <entry>`.
 * @param root The project root as a `file://` URL ending in `/`.
 */
export function graphFromInfo(info: DenoInfo, root: string): ImportGraph {
  const graph: ImportGraph = new Map();
  const local = (specifier: string | undefined) =>
    specifier?.startsWith(root) ? specifier.slice(root.length) : undefined;
  for (const module of info.modules) {
    const from = local(module.specifier);
    if (from === undefined) continue;
    const imports = graph.get(from) ?? new Set<string>();
    graph.set(from, imports);
    for (const dependency of module.dependencies ?? []) {
      for (const resolved of [dependency.code, dependency.type]) {
        const to = local(resolved?.specifier);
        if (to !== undefined) imports.add(to);
      }
    }
  }
  return graph;
}

/** Adds every edge of `other` to `graph`. */
export function mergeGraph(graph: ImportGraph, other: ImportGraph): void {
  for (const [from, imports] of other) {
    const mine = graph.get(from) ?? new Set<string>();
    graph.set(from, mine);
    for (const to of imports) mine.add(to);
  }
}

/** Imports that point the wrong way between folders. */
export function directionViolations(graph: ImportGraph): Violation[] {
  const found: Violation[] = [];
  for (const [from, imports] of graph) {
    for (const to of imports) {
      for (const { rule, refuses } of RULES) {
        if (refuses(from, to)) found.push({ from, to, rule });
      }
    }
  }
  return found;
}

/**
 * Server-only modules reachable from an island, each with the module that
 * imports it, so the message shows where the chain crosses over.
 *
 * @param graph The whole graph.
 * @param island The island's path, such as `islands/CartBadge.tsx`.
 */
export function islandViolations(
  graph: ImportGraph,
  island: string,
): Violation[] {
  const found: Violation[] = [];
  const seen = new Set([island]);
  const pending = [island];
  while (pending.length > 0) {
    const from = pending.pop()!;
    for (const to of graph.get(from) ?? []) {
      if (seen.has(to)) continue;
      seen.add(to);
      if (SERVER_ONLY.some((prefix) => to.startsWith(prefix))) {
        found.push({
          from,
          to,
          rule: `islands/ must not reach server-only code (from ${island})`,
        });
      } else {
        pending.push(to);
      }
    }
  }
  return found;
}

/**
 * Every import cycle, each as the list of modules around it, starting at its
 * smallest path (so each is reported once): the strongly connected
 * components of the graph (Tarjan's algorithm) with more than one module, or
 * one module that imports itself.
 */
export function importCycles(graph: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];

  function visit(module: string): void {
    index.set(module, counter);
    low.set(module, counter);
    counter++;
    stack.push(module);
    onStack.add(module);
    for (const to of graph.get(module) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(module, Math.min(low.get(module)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(module, Math.min(low.get(module)!, index.get(to)!));
      }
    }
    if (low.get(module) !== index.get(module)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== module);
    if (component.length > 1 || graph.get(module)?.has(module)) {
      cycles.push(component.sort());
    }
  }

  for (const module of [...graph.keys()].sort()) {
    if (!index.has(module)) visit(module);
  }
  return cycles;
}

/** The part of `deno info --json` output read here. */
export interface DenoInfo {
  modules: {
    specifier: string;
    dependencies?: {
      code?: { specifier?: string };
      type?: { specifier?: string };
    }[];
  }[];
}

/**
 * Runs `deno info --json` on each entry (relative to `root`) and merges their
 * graphs.
 *
 * @param root The project root as a `file://` URL ending in `/`.
 * @param entries Entry points relative to the root.
 */
export async function projectGraph(
  root: string,
  entries: readonly string[],
): Promise<ImportGraph> {
  const graph: ImportGraph = new Map();
  for (const entry of entries) {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", entry],
      cwd: new URL(root),
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!output.success) {
      throw new Error(
        `deno info ${entry} failed: ${new TextDecoder().decode(output.stderr)}`,
      );
    }
    const info: DenoInfo = JSON.parse(new TextDecoder().decode(output.stdout));
    mergeGraph(graph, graphFromInfo(info, root));
  }
  return graph;
}

/**
 * The stage budget's arithmetic, kept pure so that it can be tested with
 * known inputs: which stage of a request each sample of a V8 CPU profile
 * belongs to, the component subtrees of the page render, and the markdown
 * table `bench/budget.ts` prints.
 *
 * A sample belongs to the innermost frame on its stack that a rule names
 * (see {@linkcode STAGE_RULES}); frames no rule names (Preact's renderer,
 * `Headers`, string builtins) count for the stage that called them.
 * Samples V8 takes outside JavaScript have stacks of their own:
 * `(garbage collector)` is the collector's time, which V8 does not charge
 * to a caller; `(program)` is native work of the runtime on the main
 * thread; `(idle)` is the main thread waiting (for the KV thread, as the
 * requests are sent one at a time).
 *
 * @module
 */
import { BODY_RENDER, STAGE_RULES, type StageRule } from "./budget_rules.ts";

/** A V8 `.cpuprofile`, as `deno run --cpu-prof` writes it. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string };
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The stages V8 reports outside any JavaScript frame. */
export const GC = "GC (V8 `(garbage collector)` samples)";
export const NATIVE = "native runtime work on the main thread (`(program)`)";
export const IDLE = "(idle: waiting for the KV thread)";
export const OTHER = "other JavaScript";

/** The frame `renderToString` called straight from `renderPage` renders `<head>`. */
const HEAD_RENDER = "<head> assembly";

function matchRule(
  rules: StageRule[],
  functionName: string,
  url: string,
): string | undefined {
  for (const r of rules) {
    const inFile = r.file.endsWith("/")
      ? url.includes(r.file)
      : url.endsWith(r.file);
    if (!inFile) continue;
    if (r.names.includes("*") || r.names.includes(functionName)) return r.stage;
  }
  return undefined;
}

/** µs per stage over a window of a profile, and how many samples fell in it. */
export interface StageTimes {
  us: Map<string, number>;
  samples: number;
}

/**
 * Attributes the samples taken in `[from, to]` (profile µs; the whole
 * profile by default) to stages.
 */
export function attributeProfile(
  profile: CpuProfile,
  rules: StageRule[] = STAGE_RULES,
  window: { from?: number; to?: number } = {},
): StageTimes {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const stageOf = new Map<number, string>();
  const resolve = (id: number): string => {
    const known = stageOf.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const { functionName, url } = node.callFrame;
    const up = parent.get(id);
    let stage: string | undefined;
    if (functionName === "(garbage collector)") stage = GC;
    else if (functionName === "(program)") stage = NATIVE;
    else if (functionName === "(idle)") stage = IDLE;
    else {
      stage = matchRule(rules, functionName, url);
      if (
        stage === undefined && functionName === "renderToString" &&
        up !== undefined &&
        byId.get(up)!.callFrame.functionName === "renderPage"
      ) {
        // The head's elements render on their own, after the body.
        stage = HEAD_RENDER;
      }
    }
    stage ??= up === undefined ? OTHER : resolve(up);
    stageOf.set(id, stage);
    return stage;
  };
  const us = new Map<string, number>();
  let time = profile.startTime;
  let samples = 0;
  const from = window.from ?? -Infinity;
  const to = window.to ?? Infinity;
  profile.samples.forEach((id, i) => {
    const dt = Math.max(0, profile.timeDeltas[i] ?? 0);
    time += dt;
    if (time < from || time > to) return;
    const stage = resolve(id);
    us.set(stage, (us.get(stage) ?? 0) + dt);
    samples++;
  });
  return { us, samples };
}

/** The last sample's time, in profile µs. */
export function lastSampleTime(profile: CpuProfile): number {
  return profile.timeDeltas.reduce(
    (t, dt) => t + Math.max(0, dt),
    profile.startTime,
  );
}

/** Component subtrees of the page, as named in the budget. */
export const RENDER_PARTS: Record<string, string> = {
  App: "render: shell (_app, footer)",
  SiteFooter: "render: shell (_app, footer)",
  SiteHeader: "render: header (incl. cart badge island)",
  RecentlyViewed: "render: recently viewed",
  FlashMessages: "render: banners (FlashMessages island)",
};

/** The render part of components no entry names: the page's own body. */
export const PAGE_PART = "render: page component";

/**
 * Divides the body render's µs between the component subtrees, in the
 * proportions of their exclusive times measured by the render hooks.
 */
export function splitRender(
  bodyUs: number,
  exclusive: Record<string, number>,
): Map<string, number> {
  const total = Object.values(exclusive).reduce((a, b) => a + b, 0);
  const out = new Map<string, number>();
  if (total <= 0) {
    out.set(BODY_RENDER, bodyUs);
    return out;
  }
  for (const [part, value] of Object.entries(exclusive)) {
    out.set(part, bodyUs * value / total);
  }
  return out;
}

/** One row of the table. */
export interface BudgetRow {
  stage: string;
  us: number;
  share: number;
}

/**
 * Rows largest first, shares of the CPU total (idle excluded, and listed
 * last without a share).
 */
export function budgetRows(usPerRequest: Map<string, number>): BudgetRow[] {
  let cpu = 0;
  for (const [stage, us] of usPerRequest) if (stage !== IDLE) cpu += us;
  const rows = [...usPerRequest]
    .filter(([stage]) => stage !== IDLE)
    .map(([stage, us]) => ({ stage, us, share: cpu > 0 ? us / cpu : 0 }))
    .sort((a, b) => b.us - a.us);
  const idle = usPerRequest.get(IDLE);
  if (idle !== undefined) rows.push({ stage: IDLE, us: idle, share: NaN });
  return rows;
}

/** The rows as a markdown table, with the CPU total as its last line. */
export function renderBudgetTable(rows: BudgetRow[]): string {
  const lines = [
    "| stage | µs per request | % of CPU |",
    "|---|---:|---:|",
  ];
  let total = 0;
  for (const row of rows) {
    const share = Number.isNaN(row.share)
      ? "–"
      : `${(row.share * 100).toFixed(1)}%`;
    if (!Number.isNaN(row.share)) total += row.us;
    lines.push(`| ${row.stage} | ${row.us.toFixed(1)} | ${share} |`);
  }
  lines.push(
    `| **total CPU (main thread)** | **${total.toFixed(1)}** | 100% |`,
  );
  return lines.join("\n");
}

/**
 * Main-thread GC pause, in ms, summed over the `--trace-gc` lines of
 * `text` (V8 prints each collection's pause as `…MB, 0.52 / 0.00 ms`).
 */
export function traceGcMs(text: string): { ms: number; collections: number } {
  let ms = 0;
  let collections = 0;
  for (
    const match of text.matchAll(
      /MB, (?:pooled: [\d.]+ MB, )?([\d.]+) \/ [\d.]+ ms/g,
    )
  ) {
    ms += Number(match[1]);
    collections++;
  }
  return { ms, collections };
}

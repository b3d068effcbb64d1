/**
 * What one run of `deno task bench` measured, as the report and its
 * targets read it: the stacks, the samples per stack and flow, and their
 * medians.
 *
 * @module
 */
import type { KvOpsPerRequest } from "./flows.ts";
import { median, type Sample } from "./lib.ts";

/** Tools, libraries and machine the figures come from. */
export interface Versions {
  machine: string;
  deno: string;
  node: string;
  wrk: string;
  redis: string;
  /** One line per stack's libraries. */
  libs: string[];
  /** ISO date of the run. */
  date: string;
}

/** JavaScript a page ships (its module scripts and their static imports). */
export interface PageWeight {
  label: string;
  islands: string;
  files: number;
  raw: number;
  gzip: number;
}

/** How each measurement loaded the stacks. */
export interface Load {
  connections: number;
  /** Seconds per measurement. */
  duration: number;
  /** Seconds of unmeasured load per stack and flow first. */
  warmup: number;
  rounds: number;
}

/** A stack as the report names it. */
export interface Stack {
  name: string;
}

/** Everything one run measured. */
export interface ReportInput {
  /** In table order; one of them is named "ceiling". */
  stacks: Stack[];
  ours: Stack;
  /** The bare render server of the render pair. */
  bare: Stack;
  /** Per {@linkcode sampleKey}: one sample per round. */
  samples: Map<string, Sample[]>;
  /** RSS in MB after each measurement, per stack name. */
  rss: Map<string, number[]>;
  /** Lost updates per stack name, as text ("0", "12 (3 refused)"). */
  lost: Map<string, string>;
  concurrentAdds: number;
  kvOps: KvOpsPerRequest[];
  weight: PageWeight[];
  versions: Versions;
  load: Load;
  /** Anything the run had to skip or noticed. */
  notes: string[];
}

/** The key of a stack's samples for one flow (or "render-ours"/"render-bare"). */
export function sampleKey(stack: string, flow: string): string {
  return `${stack}|${flow}`;
}

/** The medians of one stack's rounds on one flow. */
export interface Summary {
  rps: number;
  /** The slowest and fastest round: how far this machine drifted. */
  rpsRange: string;
  p50: number;
  p99: number;
  cpuUs: number;
  errors: number;
}

/** The medians of `list`, or null when nothing was measured. */
export function summarize(list: Sample[] | undefined): Summary | null {
  if (!list || list.length === 0) return null;
  const rps = list.map((s) => s.rps);
  return {
    rps: median(rps),
    rpsRange: `${Math.round(Math.min(...rps))}–${Math.round(Math.max(...rps))}`,
    p50: median(list.map((s) => s.p50Ms)),
    p99: median(list.map((s) => s.p99Ms)),
    cpuUs: median(list.map((s) => s.cpuUsPerRequest)),
    errors: list.reduce((n, s) => n + s.errors, 0),
  };
}

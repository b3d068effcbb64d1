/**
 * Prints the top self-time functions of a V8 .cpuprofile (from
 * `deno run --cpu-prof`), with their share of the sampled time.
 *
 *   deno run --allow-read bench/profile_top.ts CPU.123.cpuprofile [N]
 *
 * @module
 */
interface ProfileNode {
  id: number;
  callFrame: {
    functionName: string;
    url: string;
    lineNumber: number;
  };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function, in µs, largest first. */
export function topSelfTime(
  profile: Profile,
): { name: string; us: number; share: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*\/(?=[^/]+\/[^/]+$)/, "");
    const name = `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}`;
    const dt = Math.max(0, profile.timeDeltas[i] ?? 0);
    self.set(name, (self.get(name) ?? 0) + dt);
    total += dt;
  });
  return [...self.entries()]
    .map(([name, us]) => ({ name, us, share: us / total }))
    .sort((a, b) => b.us - a.us);
}

if (import.meta.main) {
  const [file, n = "25"] = Deno.args;
  const profile: Profile = JSON.parse(await Deno.readTextFile(file));
  for (const row of topSelfTime(profile).slice(0, Number(n))) {
    console.log(
      `${(row.share * 100).toFixed(1).padStart(5)}%  ${
        (row.us / 1000).toFixed(0).padStart(6)
      } ms  ${row.name}`,
    );
  }
}

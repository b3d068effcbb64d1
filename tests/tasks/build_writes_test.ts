import { deepStrictEqual } from "node:assert";
import { upstreamBuildWrites } from "../../tasks/build_writes.ts";

function env(vars: Record<string, string>): Pick<Deno.Env, "get"> {
  return { get: (name: string) => vars[name] };
}

Deno.test("the build may write the temp folder and Deno's cache folder", () => {
  const table: [Record<string, string>, typeof Deno.build.os, string[]][] = [
    [{ HOME: "/home/a" }, "linux", [
      "/tmp",
      "/home/a/.cache/deno",
    ]],
    [{ HOME: "/home/a", TMPDIR: "/var/t", XDG_CACHE_HOME: "/c" }, "linux", [
      "/var/t",
      "/c/deno",
    ]],
    [{ HOME: "/Users/a", DENO_DIR: "/d" }, "darwin", [
      "/tmp",
      "/d",
    ]],
    [{ HOME: "/Users/a", TMPDIR: "/var/folders/x/" }, "darwin", [
      "/var/folders/x/",
      "/Users/a/Library/Caches/deno",
    ]],
    [{ TEMP: "C:\\T", LOCALAPPDATA: "C:\\L" }, "windows", [
      "C:\\T",
      "C:\\L\\deno",
    ]],
    // No home and no DENO_DIR: only the temp folder.
    [{}, "linux", ["/tmp"]],
  ];
  for (const [vars, os, expected] of table) {
    deepStrictEqual(upstreamBuildWrites(env(vars), os), expected);
  }
});

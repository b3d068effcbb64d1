import { deepStrictEqual, throws } from "node:assert";
import { ConfigError } from "../../utils/config_error.ts";
import {
  LAUNCH_MODES,
  launchArgs,
  type LaunchMode,
  listenAddress,
} from "../../tasks/launch_args.ts";

const ROOT = "/srv/shop";
const env = (vars: Record<string, string>) => new Map(Object.entries(vars));
const TOKEN = { DENO_KV_ACCESS_TOKEN: "t" };
const PRETENURING_OFF = "--v8-flags=--no-allocation-site-pretenuring";

Deno.test("serve gets the KV folder, the listening address and nothing more (table)", () => {
  const cases: [Record<string, string>, string[]][] = [
    [{}, [
      "run",
      PRETENURING_OFF,
      "--allow-env",
      "--allow-read=.,/srv/shop/data",
      "--allow-write=/srv/shop/data",
      "--allow-net=0.0.0.0:8000",
      "main.ts",
    ]],
    [{ KV_PATH: "/var/lib/shop/app.kv", PORT: "9000", HOST: "127.0.0.1" }, [
      "run",
      PRETENURING_OFF,
      "--allow-env",
      "--allow-read=.,/var/lib/shop",
      "--allow-write=/var/lib/shop",
      "--allow-net=127.0.0.1:9000",
      "main.ts",
    ]],
    [{ KV_PATH: ":memory:", PORT: "0", HOST: "::1" }, [
      "run",
      PRETENURING_OFF,
      "--allow-env",
      "--allow-read=.",
      "--allow-net=[::1]:0",
      "main.ts",
    ]],
    [{ KV_PATH: "https://kv.example.com:8443/db", ...TOKEN }, [
      "run",
      PRETENURING_OFF,
      "--allow-env",
      "--allow-read=.",
      "--allow-net=0.0.0.0:8000,kv.example.com:8443",
      "main.ts",
    ]],
    [{ DENO_DEPLOYMENT_ID: "x" }, [
      "run",
      PRETENURING_OFF,
      "--allow-env",
      "--allow-read=.",
      "--allow-net=0.0.0.0:8000",
      "main.ts",
    ]],
  ];
  for (const [vars, args] of cases) {
    deepStrictEqual(launchArgs("serve", env(vars), ROOT), args);
  }
});

Deno.test("serve:parallel passes PORT and HOST to deno serve as serve uses them (table)", () => {
  const cases: [Record<string, string>, string[]][] = [
    [{}, [
      "serve",
      "--parallel",
      PRETENURING_OFF,
      "--port",
      "8000",
      "--allow-env",
      "--allow-read=.,/srv/shop/data",
      "--allow-write=/srv/shop/data",
      "bench/serve_parallel.ts",
    ]],
    [{ PORT: "8123", HOST: "127.0.0.1", KV_PATH: "/var/lib/s/app.kv" }, [
      "serve",
      "--parallel",
      PRETENURING_OFF,
      "--port",
      "8123",
      "--host",
      "127.0.0.1",
      "--allow-env",
      "--allow-read=.,/var/lib/s",
      "--allow-write=/var/lib/s",
      "bench/serve_parallel.ts",
    ]],
    [{ KV_PATH: "http://10.0.0.5:4512", ...TOKEN }, [
      "serve",
      "--parallel",
      PRETENURING_OFF,
      "--port",
      "8000",
      "--allow-env",
      "--allow-read=.",
      "--allow-net=10.0.0.5:4512",
      "bench/serve_parallel.ts",
    ]],
  ];
  for (const [vars, args] of cases) {
    deepStrictEqual(launchArgs("serve:parallel", env(vars), ROOT), args);
  }
});

Deno.test("both modes turn V8's allocation-site pretenuring off, unless DENO_V8_FLAGS takes charge of V8", () => {
  const v8Args = (mode: LaunchMode, vars: Record<string, string>) =>
    launchArgs(mode, env(vars), ROOT).filter((a) => a.startsWith("--v8-flags"));
  for (const mode of LAUNCH_MODES) {
    deepStrictEqual(v8Args(mode, {}), [PRETENURING_OFF], mode);
    deepStrictEqual(v8Args(mode, { DENO_V8_FLAGS: " " }), [PRETENURING_OFF]);
    for (
      const own of ["--max-old-space-size=512", "--allocation-site-pretenuring"]
    ) {
      deepStrictEqual(
        v8Args(mode, { DENO_V8_FLAGS: own }),
        [],
        `${mode} ${own}`,
      );
    }
  }
});

Deno.test("PORT and HOST bounds (table)", () => {
  const ok: [Record<string, string>, unknown][] = [
    [{}, { hostname: undefined, port: 8000 }],
    [{ PORT: "0" }, { hostname: undefined, port: 0 }],
    [{ PORT: "65535" }, { hostname: undefined, port: 65535 }],
    [{ PORT: " 80 ", HOST: " " }, { hostname: undefined, port: 80 }],
    [{ HOST: "localhost" }, { hostname: "localhost", port: 8000 }],
    [{ HOST: "::" }, { hostname: "::", port: 8000 }],
  ];
  for (const [vars, address] of ok) {
    deepStrictEqual(listenAddress(env(vars)), address);
  }
  const bad: [Record<string, string>, string][] = [
    [{ PORT: "65536" }, "PORT"],
    [{ PORT: "-1" }, "PORT"],
    [{ PORT: "80.5" }, "PORT"],
    [{ PORT: "http" }, "PORT"],
    [{ HOST: "a b" }, "HOST"],
    [{ HOST: "x,y" }, "HOST"],
  ];
  for (const [vars, name] of bad) {
    throws(
      () => listenAddress(env(vars)),
      (error) => error instanceof ConfigError && error.message.includes(name),
    );
    throws(
      () => launchArgs("serve", env(vars), ROOT),
      (error) => error instanceof ConfigError && error.message.includes(name),
    );
  }
});

import { deepStrictEqual, ok, strictEqual, throws } from "node:assert";
import { ConfigError } from "../../../utils/config_error.ts";
import {
  kvPermissions,
  openKvArgument,
  resolveKvLocation,
} from "../../../utils/kv/location.ts";

const ROOT = "/srv/shop";
const env = (vars: Record<string, string>) => new Map(Object.entries(vars));
const TOKEN = { DENO_KV_ACCESS_TOKEN: "secret-token" };

Deno.test("KV_PATH resolves to a location and exactly the permissions it needs (table)", () => {
  const cases: [
    Record<string, string>,
    unknown,
    unknown,
    string | undefined,
  ][] = [
    [
      {},
      { kind: "file", file: "/srv/shop/data/app.kv", folder: "/srv/shop/data" },
      { read: ["/srv/shop/data"], write: ["/srv/shop/data"], net: [] },
      "/srv/shop/data/app.kv",
    ],
    [
      { KV_PATH: "  " },
      { kind: "file", file: "/srv/shop/data/app.kv", folder: "/srv/shop/data" },
      { read: ["/srv/shop/data"], write: ["/srv/shop/data"], net: [] },
      "/srv/shop/data/app.kv",
    ],
    [
      { KV_PATH: "/var/lib/shop/app.kv" },
      { kind: "file", file: "/var/lib/shop/app.kv", folder: "/var/lib/shop" },
      { read: ["/var/lib/shop"], write: ["/var/lib/shop"], net: [] },
      "/var/lib/shop/app.kv",
    ],
    [
      { KV_PATH: "../state/app.kv" },
      { kind: "file", file: "/srv/state/app.kv", folder: "/srv/state" },
      { read: ["/srv/state"], write: ["/srv/state"], net: [] },
      "/srv/state/app.kv",
    ],
    [
      { KV_PATH: "data/x/y.sqlite" },
      {
        kind: "file",
        file: "/srv/shop/data/x/y.sqlite",
        folder: "/srv/shop/data/x",
      },
      { read: ["/srv/shop/data/x"], write: ["/srv/shop/data/x"], net: [] },
      "/srv/shop/data/x/y.sqlite",
    ],
    [
      { KV_PATH: ":memory:" },
      { kind: "memory" },
      { read: [], write: [], net: [] },
      ":memory:",
    ],
    [
      { DENO_DEPLOYMENT_ID: "abc" },
      { kind: "platform" },
      { read: [], write: [], net: [] },
      undefined,
    ],
    [
      { KV_PATH: "/tmp/x.kv", DENO_DEPLOYMENT_ID: "abc" },
      { kind: "file", file: "/tmp/x.kv", folder: "/tmp" },
      { read: ["/tmp"], write: ["/tmp"], net: [] },
      "/tmp/x.kv",
    ],
    [
      { KV_PATH: "https://kv.example.com/", ...TOKEN },
      {
        kind: "remote",
        url: "https://kv.example.com/",
        hosts: ["kv.example.com:443"],
      },
      { read: [], write: [], net: ["kv.example.com:443"] },
      "https://kv.example.com/",
    ],
    [
      { KV_PATH: "http://10.0.0.5:4512", ...TOKEN },
      {
        kind: "remote",
        url: "http://10.0.0.5:4512/",
        hosts: ["10.0.0.5:4512"],
      },
      { read: [], write: [], net: ["10.0.0.5:4512"] },
      "http://10.0.0.5:4512/",
    ],
    [
      {
        KV_PATH:
          "https://api.deno.com/databases/00000000-0000-0000-0000-000000000000/connect",
        KV_CONNECT_HOSTS: " data.example.net , [::1]:9000,api.deno.com:443",
        ...TOKEN,
      },
      {
        kind: "remote",
        url:
          "https://api.deno.com/databases/00000000-0000-0000-0000-000000000000/connect",
        hosts: ["api.deno.com:443", "data.example.net", "[::1]:9000"],
      },
      {
        read: [],
        write: [],
        net: ["api.deno.com:443", "data.example.net", "[::1]:9000"],
      },
      "https://api.deno.com/databases/00000000-0000-0000-0000-000000000000/connect",
    ],
  ];
  for (const [vars, location, permissions, argument] of cases) {
    const resolved = resolveKvLocation(env(vars), ROOT);
    deepStrictEqual(resolved, location);
    deepStrictEqual(kvPermissions(resolved), permissions);
    deepStrictEqual(openKvArgument(resolved), argument);
  }
});

Deno.test("a KV_PATH that cannot work is refused in one line naming it and the fix (table)", () => {
  const cases: [Record<string, string>, string, string][] = [
    [{ KV_PATH: "ftp://kv.example.com/db" }, "KV_PATH", "http(s)://"],
    [{ KV_PATH: "file:///var/lib/app.kv" }, "KV_PATH", "file path"],
    [{ KV_PATH: "https://kv.example.com/" }, "KV_PATH", "DENO_KV_ACCESS_TOKEN"],
    [
      { KV_PATH: "https://user:pw@kv.example.com/", ...TOKEN },
      "KV_PATH",
      "DENO_KV_ACCESS_TOKEN",
    ],
    [{ KV_PATH: "https://exa mple.com/", ...TOKEN }, "KV_PATH", "valid URL"],
    [
      { KV_PATH: "https://kv.example.com/", KV_CONNECT_HOSTS: "a b", ...TOKEN },
      "KV_CONNECT_HOSTS",
      "host:port",
    ],
    [{ KV_PATH: "/var/lib/shop/" }, "KV_PATH", "/var/lib/shop/app.kv"],
    [{ KV_PATH: "/var/lib/a,b/app.kv" }, "KV_PATH", "comma"],
    [{ KV_PATH: "./app.kv" }, "KV_PATH", "folder of its own"],
    [{ KV_PATH: "/app.kv" }, "KV_PATH", "folder of its own"],
    [{ KV_PATH: "/srv/app.kv" }, "KV_PATH", "folder of its own"],
    // Inside the project but not under ./data: static/ would serve the
    // database to anyone, routes/ would be code the app may rewrite.
    [{ KV_PATH: "./static/db/app.kv" }, "KV_PATH", "./data/"],
    [{ KV_PATH: "./routes/app.kv" }, "KV_PATH", "./data/"],
    [{ KV_PATH: "/srv/shop/_fresh/app.kv" }, "KV_PATH", "./data/"],
    [{ KV_PATH: "./database/app.kv" }, "KV_PATH", "./data/"],
    // A folder whose name only starts with two dots is still inside.
    [{ KV_PATH: "./..data/app.kv" }, "KV_PATH", "./data/"],
  ];
  for (const [vars, name, fix] of cases) {
    throws(() => resolveKvLocation(env(vars), ROOT), (error) => {
      ok(error instanceof ConfigError);
      strictEqual(error.message.includes(name), true, error.message);
      strictEqual(error.message.includes(fix), true, error.message);
      strictEqual(error.message.includes("\n"), false);
      return true;
    });
  }
});

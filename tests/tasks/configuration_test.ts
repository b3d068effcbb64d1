/**
 * Every variable in the README's configuration table, with values at and
 * past its bounds, checked the way start-up checks them (the launcher's
 * `launchArgs`, which runs the same validators the app runs when it loads).
 * A variable added to the table without rows here fails the first test.
 *
 * @module
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert";
import { ConfigError } from "../../utils/config_error.ts";
import { launchArgs } from "../../tasks/launch_args.ts";

const ROOT = "/srv/shop";
const DAYS_400 = 400 * 24 * 60 * 60;

// [accepted values, refused values]; "" means unset.
const BOUNDS: Record<string, [string[], string[]]> = {
  PORT: [["", "0", "1", "8000", "65535"], ["65536", "-1", "1.5", "80x", "1e3"]],
  HOST: [["", "127.0.0.1", "::1", "localhost", "0.0.0.0"], [
    "a b",
    "x,y",
    "h/1",
  ]],
  KV_PATH: [
    ["", ":memory:", "./data/app.kv", "/var/lib/shop/app.kv", "../s/app.kv"],
    ["ftp://h/db", "/var/lib/shop/", "./app.kv", "/a,b/app.kv", "file:///x"],
  ],
  SESSION_COOKIE_NAME: [["", "sid", "__Host-app"], ["a b", "a;b", "ä"]],
  SESSION_IDLE_TIMEOUT: [
    ["", "1", String(DAYS_400)],
    ["0", String(DAYS_400 + 1), "9999999999999", "-5", "1.5", "14d"],
  ],
  SESSION_ABSOLUTE_TIMEOUT: [
    ["", "1", "2592000", "8000000000000"],
    ["0", "9999999999999", "9007199254740993", "30d"],
  ],
  SESSION_PROVISIONAL_TIMEOUT: [
    ["", "1", "3600", String(DAYS_400)],
    ["0", String(DAYS_400 + 1), "1h", "-1"],
  ],
  SESSION_BROWSER_IDLE_TIMEOUT: [
    ["", "1", "43200", String(DAYS_400)],
    ["0", String(DAYS_400 + 1), "12h", "-1"],
  ],
  SESSION_NEW_PER_MINUTE: [
    ["", "1", "100", "9007199254740991"],
    ["0", "-1", "1.5", "9007199254740993", "many"],
  ],
  SESSION_SECURE: [["", "auto", "true", "false", "TRUE"], ["yes", "1"]],
  SESSION_PERSISTENT: [["", "true", "false", "1", "0"], ["yes", "2"]],
  TRUST_PROXY: [["", "true", "false", "1", "0"], ["yes", "on"]],
  SIGNUP_MAX_PER_ADDRESS: [
    ["", "1", "10", "9007199254740991"],
    ["0", "-1", "1.5", "9007199254740992", "ten"],
  ],
  SIGNUP_CHECKS_PER_ADDRESS: [
    ["", "1", "20", "9007199254740991"],
    ["0", "-1", "1.5", "9007199254740992", "twenty"],
  ],
  LOGIN_TRUST_FORWARDED_FOR: [["", "true", "false", "1", "0"], ["yes"]],
  SHUTDOWN_TIMEOUT: [["", "0", "10", "3600"], ["3601", "-1", "1.5", "10s"]],
  LOG_FORMAT: [["", "text", "json", "JSON"], ["yaml", "1", "jsonl"]],
  // Read by Deno itself: "true" turns OTel on, anything else leaves it off.
  OTEL_DENO: [["", "true", "false"], []],
  // Free-form: names, ids and secrets, used as given.
  DENO_DEPLOYMENT_ID: [["", "abc123"], []],
  GITHUB_SHA: [["", "0123abcd"], []],
  DENO_V8_FLAGS: [["", " ", "--max-old-space-size=512"], []],
};

// Checked together with the KV_PATH they belong to.
const REMOTE_BOUNDS: Record<string, [string[], string[]]> = {
  DENO_KV_ACCESS_TOKEN: [["token"], [""]],
  KV_CONNECT_HOSTS: [
    ["", "data.example.net", "a.example:443,b.example", "[::1]:9000"],
    ["a b", "http://x"],
  ],
};

Deno.test("every variable of the README's configuration table has its bounds tested", async () => {
  const readme = await Deno.readTextFile(
    new URL("../../README.md", import.meta.url),
  );
  const section = readme.split("\n## Configuration\n")[1].split("\n## ")[0];
  const documented = [...section.matchAll(/^\| `([A-Z0-9_]+)` /gm)].map((m) =>
    m[1]
  );
  deepStrictEqual(
    documented.toSorted(),
    [...Object.keys(BOUNDS), ...Object.keys(REMOTE_BOUNDS)].toSorted(),
  );
});

Deno.test("configuration bounds: accepted values start, refused ones stop start-up naming the variable (table)", () => {
  const check = (vars: Record<string, string>) =>
    launchArgs("serve", new Map(Object.entries(vars)), ROOT);
  for (const [name, [accepted, refused]] of Object.entries(BOUNDS)) {
    for (const value of accepted) check({ [name]: value });
    for (const value of refused) {
      throws(() => check({ [name]: value }), (error) => {
        ok(error instanceof ConfigError);
        strictEqual(
          error.message.includes(name),
          true,
          `${name}=${value}: ${error.message}`,
        );
        return true;
      });
    }
  }
  const remote = {
    KV_PATH: "https://kv.example.com/",
    DENO_KV_ACCESS_TOKEN: "t",
  };
  for (const [name, [accepted, refused]] of Object.entries(REMOTE_BOUNDS)) {
    for (const value of accepted) check({ ...remote, [name]: value });
    for (const value of refused) {
      throws(() => check({ ...remote, [name]: value }), (error) => {
        ok(error instanceof ConfigError);
        strictEqual(
          error.message.includes(name),
          true,
          `${name}=${value}: ${error.message}`,
        );
        return true;
      });
    }
  }
});

/**
 * Holds an exclusive SQLite lock on a KV file for a while, the way a busy
 * writer in another process would. Usage: `_lock_holder.ts <path> <ms>`.
 * Prints "locked" once the lock is held.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";

const [path, ms] = Deno.args;
const db = new DatabaseSync(path);
db.exec("BEGIN EXCLUSIVE");
console.log("locked");
await new Promise((resolve) => setTimeout(resolve, Number(ms)));
db.exec("COMMIT");
db.close();

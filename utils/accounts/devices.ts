/**
 * Trusted devices: browsers that have signed in to an account before, so
 * that the login throttle can tell the owner's browsers from everyone
 * else's (OWASP's "device cookie").
 *
 * @see https://owasp.org/www-community/Slow_Down_Online_Guessing_Attacks_with_Device_Cookies
 * @module
 */
import { positiveOption } from "../positive_option.ts";
import {
  generateToken,
  hashToken,
  isWellFormedToken,
} from "../session/token.ts";

/** What is kept about one trusted device. */
export interface DeviceRecord {
  /** Epoch ms of the first sign-in from it. */
  createdAt: number;
  /** Epoch ms of the latest sign-in from it. */
  lastSignInAt: number;
  /** Epoch ms after which it is no longer trusted. */
  expiresAt: number;
}

/** Options of {@linkcode TrustedDevices}. All optional. */
export interface TrustedDevicesOptions {
  /** How long a device stays trusted after a sign-in, in seconds. @default 15552000 (180 days) */
  lifetimeSeconds?: number;
  /** The clock, epoch ms. @default Date.now */
  now?: () => number;
}

const PREFIX = "login_devices";

function isDeviceRecord(value: unknown): value is DeviceRecord {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Record<string, unknown>;
  return typeof r.createdAt === "number" &&
    typeof r.lastSignInAt === "number" && typeof r.expiresAt === "number";
}

/**
 * The browsers each account has signed in from. A successful sign-in gives
 * the browser a device cookie holding an opaque random token (256 bits,
 * like a session token), and remembers it for that account:
 *
 * - `["login_devices", userId, deviceId]` → {@linkcode DeviceRecord}
 *
 * where `deviceId` is the SHA-256 of the token, so a copy of the database
 * holds no usable cookie. One browser has one token; signing in to several
 * accounts makes it trusted by each. A record lasts `lifetimeSeconds` after
 * the last sign-in from that browser (by default 180 days).
 */
export class TrustedDevices {
  #kv: Deno.Kv;
  #lifetimeMs: number;
  #now: () => number;

  /**
   * @param kv The database.
   * @param options Lifetime and clock.
   * @example
   * ```ts
   * const devices = new TrustedDevices(kv);
   * ```
   */
  constructor(kv: Deno.Kv, options: TrustedDevicesOptions = {}) {
    this.#kv = kv;
    this.#lifetimeMs = positiveOption(
      "TrustedDevices",
      "lifetimeSeconds",
      options.lifetimeSeconds ?? 180 * 24 * 3600,
    ) * 1000;
    this.#now = options.now ?? Date.now;
  }

  /** How long the cookie should last, in seconds. */
  get lifetimeSeconds(): number {
    return this.#lifetimeMs / 1000;
  }

  /**
   * The device id of `token` when that browser is trusted by `userId`,
   * else null. A malformed token costs no read.
   *
   * @param userId The account.
   * @param token The device cookie's value, untrusted.
   */
  async trustedId(
    userId: string,
    token: string | undefined,
  ): Promise<string | null> {
    if (!isWellFormedToken(token)) return null;
    const deviceId = hashToken(token);
    const entry = await this.#kv.get([PREFIX, userId, deviceId]);
    return isDeviceRecord(entry.value) && entry.value.expiresAt > this.#now()
      ? deviceId
      : null;
  }

  /**
   * Trusts the browser for `userId` after a successful sign-in, and returns
   * the token its cookie should hold: the one it sent, when well formed,
   * else a new one.
   *
   * @param userId The account signed in to.
   * @param token The device cookie's value, if any.
   */
  async remember(userId: string, token: string | undefined): Promise<string> {
    const value = isWellFormedToken(token) ? token : generateToken();
    const key = [PREFIX, userId, hashToken(value)];
    const now = this.#now();
    const current = await this.#kv.get(key);
    const record: DeviceRecord = {
      createdAt: isDeviceRecord(current.value) ? current.value.createdAt : now,
      lastSignInAt: now,
      expiresAt: now + this.#lifetimeMs,
    };
    await this.#kv.set(key, record, { expireIn: this.#lifetimeMs });
    return value;
  }

  /** Forgets every device of `userId` (the account is being deleted). */
  async forgetUser(userId: string): Promise<void> {
    const keys: Deno.KvKey[] = [];
    for await (const entry of this.#kv.list({ prefix: [PREFIX, userId] })) {
      keys.push(entry.key);
    }
    for (let i = 0; i < keys.length; i += 100) {
      const op = this.#kv.atomic();
      for (const key of keys.slice(i, i + 100)) op.delete(key);
      await op.commit();
    }
  }
}

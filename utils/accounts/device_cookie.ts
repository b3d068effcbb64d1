/**
 * The device cookie (devices.ts): `device` on http, `__Host-device` on
 * https, HttpOnly, SameSite=Lax, Path=/, and lasting as long as the
 * device stays trusted. It is separate from the session cookie because it
 * must outlive sign-out: that is when it matters.
 *
 * @module
 */
import { generateSetCookie, getCookie } from "../cookie.ts";
import { isWellFormedToken } from "../session/token.ts";

/** The cookie's name for a request that is (or is not) https. */
export function deviceCookieName(secure: boolean): string {
  return secure ? "__Host-device" : "device";
}

/**
 * The device token a request carries, or undefined. Only well-formed
 * tokens are taken.
 *
 * @param req The request.
 * @param secure Whether it arrived over https.
 */
export function readDeviceToken(
  req: Request,
  secure: boolean,
): string | undefined {
  return getCookie(
    req.headers.get("cookie"),
    deviceCookieName(secure),
    isWellFormedToken,
  );
}

/**
 * The `Set-Cookie` value that stores `token` for `maxAge` seconds.
 *
 * @param token From `TrustedDevices.remember`.
 * @param secure Whether the request arrived over https.
 * @param maxAge Seconds.
 */
export function deviceSetCookie(
  token: string,
  secure: boolean,
  maxAge: number,
): string {
  return generateSetCookie({
    name: deviceCookieName(secure),
    value: token,
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure,
    maxAge,
  });
}

import { createCookie } from "@remix-run/node";
import type { Locale } from "./current-user";

/** The language of a visitor who is not signed in (the login page). */
export const localeCookie = createCookie("phs_lang", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 24 * 3600 });

export async function visitorLocale(request: Request): Promise<Locale> {
  const value = await localeCookie.parse(request.headers.get("Cookie"));
  return value === "en" ? "en" : "vi";
}

import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { failure, parseForm, safeRedirectPath } from "~/lib/http.server";
import { localeCookie } from "~/lib/locale.server";
import { getCurrentUser } from "~/lib/session.server";
import { localeSchema } from "~/schemas/auth";
import { setUserLocale } from "~/services/users.server";

export async function loader() {
  return redirect("/");
}

/** Switches the UI language: kept on the user when signed in, else in a cookie. */
export async function action({ request }: ActionFunctionArgs) {
  try {
    const { locale } = await parseForm(request, localeSchema);
    const user = await getCurrentUser(request);
    if (user) await setUserLocale({ actor: user, locale });
    const back = safeRedirectPath(request.headers.get("referer") ? new URL(request.headers.get("referer")!).pathname : "/");
    return redirect(back, { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
  } catch (e) {
    return failure(e);
  }
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-page";
import { clientIp, failure, parseForm, passThroughActionHeaders, safeRedirectPath, type ActionFailure } from "~/lib/http.server";
import { useLocale, useT } from "~/lib/i18n";
import { commitSession, getCurrentUser, getSession, sessionStorage } from "~/lib/session.server";
import { loginSchema } from "~/schemas/auth";
import { signIn } from "~/services/sign-in.server";

export const headers = passThroughActionHeaders;

export const meta: MetaFunction = () => [{ title: "Đăng nhập · Phòng Họp Số" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  if (user) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("next")));
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  try {
    const form = await parseForm(request, loginSchema);
    const userId = await signIn({ username: form.username, password: form.password, ip: clientIp(request) });
    // Rotate: whatever session the browser had is destroyed; a new id is issued.
    const old = await getSession(request);
    if (old.id) await sessionStorage.destroySession(old);
    const session = await sessionStorage.getSession();
    session.set("userId", userId);
    return redirect(safeRedirectPath(form.next), { headers: { "Set-Cookie": await commitSession(session, request) } });
  } catch (e) {
    return failure(e);
  }
}

export default function Login() {
  const t = useT();
  const locale = useLocale();
  const result = useActionData<ActionFailure>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const fields = result?.fields ?? {};
  const formError = result && !result.fields ? result.message : null;

  return (
    <div className="flex min-h-[calc(100vh-45px)] items-center justify-center bg-gradient-to-b from-brand-900 to-brand-700 px-4 py-10">
      <div className="w-full max-w-md">
        <div className="mb-6 text-center text-white">
          <svg viewBox="0 0 40 40" className="mx-auto h-14 w-14" aria-hidden="true">
            <circle cx="20" cy="20" r="19" fill="#c8102e" stroke="#facc15" strokeWidth="2" />
            <path d="M20 8l3.1 9.5h10l-8.1 5.9 3.1 9.6L20 27.1 11.9 33l3.1-9.6-8.1-5.9h10z" fill="#facc15" />
          </svg>
          <p className="mt-3 text-sm uppercase tracking-wide text-brand-100">{t("app.owner")}</p>
          <h1 className="text-2xl font-bold">{t("app.name")}</h1>
          <p className="text-sm text-brand-100">{t("app.tagline")}</p>
        </div>
        <div className="card p-6 sm:p-8">
          <h2 className="text-lg font-semibold">{t("login.title")}</h2>
          <p className="mb-4 text-sm text-slate-600">{t("login.subtitle")}</p>
          {formError && (
            <div role="alert" data-testid="login-error" className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-flag-700">
              {formError}
            </div>
          )}
          <Form method="post" noValidate className="space-y-4">
            <input type="hidden" name="next" value={params.get("next") ?? "/"} />
            <div>
              <label htmlFor="username" className="label">{t("login.username")}</label>
              <input
                id="username"
                name="username"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                required
                autoFocus
                className={`input ${fields.username ? "input-error" : ""}`}
                aria-invalid={Boolean(fields.username)}
                aria-describedby={fields.username ? "username-error" : undefined}
              />
              {fields.username && <p id="username-error" className="field-error">{fields.username}</p>}
            </div>
            <div>
              <label htmlFor="password" className="label">{t("login.password")}</label>
              <input
                id="password"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                className={`input ${fields.password ? "input-error" : ""}`}
                aria-invalid={Boolean(fields.password)}
                aria-describedby={fields.password ? "password-error" : undefined}
              />
              {fields.password && <p id="password-error" className="field-error">{fields.password}</p>}
            </div>
            <button type="submit" className="btn-primary w-full py-2.5" disabled={busy}>
              {busy ? t("login.submitting") : t("login.submit")}
            </button>
          </Form>
        </div>
        <Form method="post" action="/locale" className="mt-4 text-center">
          <input type="hidden" name="locale" value={locale === "vi" ? "en" : "vi"} />
          <button type="submit" className="text-sm text-brand-100 underline-offset-2 hover:underline" lang={locale === "vi" ? "en" : "vi"}>
            {t("user.language")}
          </button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useT } from "~/lib/i18n";

/**
 * Every route exports this as its ErrorBoundary: 403/404/400 show their
 * message; anything else shows a generic Vietnamese message, never a stack.
 */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  let status = 500;
  let message = t("error.500");
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const data = error.data as { message?: string } | string | undefined;
    const given = typeof data === "string" ? data : data?.message;
    if (status === 404) message = given || t("error.404");
    else if (status === 403) message = given || t("error.403");
    else if (status < 500 && given) message = given;
  }
  return (
    <div className="mx-auto max-w-xl px-4 py-16 text-center" role="alert">
      <p className="text-5xl font-bold text-brand-800">{status}</p>
      <h1 className="mt-3 text-xl font-semibold">{status === 404 ? t("error.404") : status === 403 ? t("error.403") : t("error.title")}</h1>
      {message !== t("error.404") && message !== t("error.403") && <p className="mt-2 text-slate-600">{message}</p>}
      {(status === 404 || status === 403) && message !== t(status === 404 ? "error.404" : "error.403") && (
        <p className="mt-2 text-slate-600">{message}</p>
      )}
      <Link to="/" className="btn-primary mt-6">
        {t("error.home")}
      </Link>
    </div>
  );
}

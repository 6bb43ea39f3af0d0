import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useT } from "~/lib/i18n";

/**
 * Every route exports this as its ErrorBoundary: 4xx pages show the thrown
 * message; anything else shows a generic Vietnamese message, never a stack.
 */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  let status = 500;
  let detail: string | null = null;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const data = error.data as { message?: string } | string | undefined;
    detail = (typeof data === "string" ? data : data?.message) || null;
  }
  const heading = status === 404 ? t("error.404") : status === 403 ? t("error.403") : t("error.title");
  const body = status >= 500 ? t("error.500") : detail && detail !== heading ? detail : null;
  return (
    <div className="mx-auto max-w-xl px-4 py-16 text-center" role="alert">
      <p className="text-5xl font-bold text-brand-800">{status}</p>
      <h1 className="mt-3 text-xl font-semibold">{heading}</h1>
      {body && <p className="mt-2 text-slate-600">{body}</p>}
      <Link to="/" className="btn-primary mt-6">
        {t("error.home")}
      </Link>
    </div>
  );
}

import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { AppHeader } from "./components/app-header";
import { GeneralErrorBoundary } from "./components/error-page";
import { RealtimeProvider } from "./components/realtime-provider";
import type { Locale } from "./lib/current-user";
import { translate, useT } from "./lib/i18n";
import { visitorLocale } from "./lib/locale.server";
import { getCurrentUser } from "./lib/session.server";
import { navigationFor } from "./policies";
import { unreadNotificationCount } from "./services/notify.server";
import { taskCountersFor } from "./services/task-queries.server";
import stylesheet from "./tailwind.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: translate("vi", "app.name") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const locale: Locale = user?.locale ?? (await visitorLocale(request));
  const [unreadCount, taskCounters] = user
    ? await Promise.all([unreadNotificationCount(user.id), taskCountersFor(user)])
    : [0, { overdue: 0, dueSoon: 0, awaitingDecision: 0 }];
  return json({ user, locale, nav: user ? navigationFor(user) : null, unreadCount, taskCounters });
}

type RootData = Awaited<ReturnType<Awaited<ReturnType<typeof loader>>["json"]>>;

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData("root") as RootData | undefined;
  const t = useT();
  const locale = data?.locale ?? "vi";
  return (
    <html lang={locale} className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#1c376f" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-full flex-col">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-brand-800">
          {t("nav.skip")}
        </a>
        <RealtimeProvider enabled={Boolean(data?.user)}>
          {data?.user && data.nav && <AppHeader user={data.user} nav={data.nav} unreadCount={data.unreadCount} taskCounters={data.taskCounters} />}
          <main id="main" className="flex-1">
            {children}
          </main>
        </RealtimeProvider>
        <footer className="border-t border-slate-200 bg-white py-3 text-center text-xs text-slate-500">
          {t("app.name")} · {t("app.owner")}
        </footer>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export const ErrorBoundary = GeneralErrorBoundary;

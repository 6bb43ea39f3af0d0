import { Form, NavLink, Link } from "@remix-run/react";
import type { CurrentUser } from "~/lib/current-user";
import { useT } from "~/lib/i18n";
import { initials } from "~/lib/initials";
import { NotificationBell } from "./notification-bell";
import { TaskCounterBadges, type TaskCounters } from "./task-counters";

export type Navigation = { meetings: boolean; directives: boolean; tasks: boolean; reports: boolean; admin: boolean };

export function AppHeader({ user, nav, unreadCount, taskCounters }: { user: CurrentUser; nav: Navigation; unreadCount: number; taskCounters: TaskCounters }) {
  const t = useT();
  const items = [
    { to: "/", label: t("nav.home"), show: true, end: true },
    { to: "/meetings", label: t("nav.meetings"), show: nav.meetings },
    { to: "/directives", label: t("nav.directives"), show: nav.directives },
    { to: "/tasks", label: t("nav.tasks"), show: nav.tasks },
    { to: "/reports", label: t("nav.reports"), show: nav.reports },
    { to: "/admin", label: t("nav.admin"), show: nav.admin },
  ].filter((i) => i.show);

  return (
    <header className="border-b-4 border-flag-600 bg-brand-900 text-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2">
        <Link to="/" className="flex min-w-0 items-center gap-3" aria-label={t("app.name")}>
          <Emblem />
          <span className="min-w-0 leading-tight">
            <span className="block truncate text-base font-bold sm:text-lg">{t("app.name")}</span>
            <span className="block truncate text-xs text-brand-100">{t("app.owner")}</span>
          </span>
        </Link>
        {/* On a phone the box takes its own line under the title; from sm up it sits in the bar. */}
        <Form method="get" action="/search" role="search" aria-label={t("common.search")} className="order-last flex w-full sm:order-none sm:ml-auto sm:w-48 md:w-56 lg:w-80">
          <label htmlFor="header-search" className="sr-only">{t("common.search")}</label>
          <input
            id="header-search"
            name="q"
            type="search"
            maxLength={200}
            enterKeyHint="search"
            placeholder={user.locale === "en" ? "Search meetings, directives, tasks…" : "Tìm cuộc họp, văn bản, nhiệm vụ…"}
            className="min-w-0 flex-1 rounded-l border-0 px-3 py-1.5 text-sm text-slate-900 placeholder:text-slate-500"
          />
          <button type="submit" className="rounded-r border border-l-0 border-brand-300/40 bg-brand-800 px-3 text-sm hover:bg-brand-700">
            {t("common.search")}
          </button>
        </Form>
        <div className="ml-auto flex items-center gap-1 sm:ml-0 sm:gap-3">
          <NotificationBell initialCount={unreadCount} />
          {/* Below lg the name does not fit the bar (below md neither does the language switch, below sm the sign-out): the avatar leads to the profile, which has all three. */}
          <Link
            to="/me"
            aria-label={t("user.me")}
            title={user.fullName}
            className="flex h-8 w-8 items-center justify-center rounded-full bg-brand-700 text-xs font-semibold ring-1 ring-brand-300/50 hover:bg-brand-600 lg:hidden"
          >
            <span aria-hidden="true">{initials(user.fullName)}</span>
          </Link>
          <Link to="/me" className="hidden text-right leading-tight hover:underline lg:block">
            <span className="block text-sm font-semibold">{user.fullName}</span>
            <span className="block text-xs text-brand-100">{user.title || user.unitName}</span>
          </Link>
          <Form method="post" action="/locale" className="hidden md:block">
            <input type="hidden" name="locale" value={user.locale === "vi" ? "en" : "vi"} />
            <button type="submit" className="rounded px-2 py-1 text-xs text-brand-100 hover:bg-brand-800" lang={user.locale === "vi" ? "en" : "vi"}>
              {t("user.language")}
            </button>
          </Form>
          {/* On a phone the avatar's profile page has the sign-out button: the bar keeps to one line. */}
          <Form method="post" action="/logout" className="hidden sm:block">
            <button type="submit" className="rounded border border-brand-300/40 px-2.5 py-1 text-sm hover:bg-brand-800">
              {t("user.signOut")}
            </button>
          </Form>
        </div>
      </div>
      <nav aria-label={t("nav.menu")} className="bg-brand-800">
        <ul className="mx-auto flex max-w-7xl gap-1 overflow-x-auto px-2 sm:px-4">
          {items.map((item) => (
            <li key={item.to} className="shrink-0">
              <NavLink
                to={item.to}
                end={item.end}
                className={({ isActive }) =>
                  `block border-b-2 px-3 py-2.5 text-sm font-medium ${isActive ? "border-white text-white" : "border-transparent text-brand-100 hover:text-white"}`
                }
              >
                {item.label}
                {item.to === "/tasks" && <TaskCounterBadges initial={taskCounters} />}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}

function Emblem() {
  return (
    <svg viewBox="0 0 40 40" className="h-9 w-9 shrink-0" aria-hidden="true">
      <circle cx="20" cy="20" r="19" fill="#c8102e" stroke="#facc15" strokeWidth="2" />
      <path d="M20 8l3.1 9.5h10l-8.1 5.9 3.1 9.6L20 27.1 11.9 33l3.1-9.6-8.1-5.9h10z" fill="#facc15" />
    </svg>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-page";
import { Badge, TaskStatusBadge } from "~/components/status-badge";
import { formatDate, formatTime, weekdayName } from "~/lib/dates";
import { useLocale, useT } from "~/lib/i18n";
import { CONFIDENTIALITY_LABELS, MEETING_STATUS_LABELS } from "~/lib/labels";
import { requireUser } from "~/lib/session.server";
import { homeOverview } from "~/services/home.server";

export const meta: MetaFunction = () => [{ title: "Trang chủ · Phòng Họp Số" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ user, overview: await homeOverview(user) });
}

export default function Home() {
  const { user, overview } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="mx-auto max-w-7xl px-4 py-6">
      <div className="mb-6">
        <p className="text-sm text-slate-500">
          {t("home.today")}: {weekdayName(new Date(), locale)}, {formatDate(new Date())}
        </p>
        <h1 className="page-title">
          {t("home.greeting")}, {user.fullName}
        </h1>
        {(user.title || user.unitName) && <p className="text-slate-600">{[user.title, user.unitName].filter(Boolean).join(" · ")}</p>}
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <section className="card lg:col-span-2" aria-labelledby="upcoming-title">
          <div className="card-header">
            <h2 id="upcoming-title" className="card-title">{t("home.upcoming")}</h2>
            <Link to="/meetings" className="link text-sm">{t("nav.meetings")} →</Link>
          </div>
          {overview.meetings.length === 0 ? (
            <p className="px-4 py-6 text-sm text-slate-500">{t("home.noUpcoming")}</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {overview.meetings.map((m) => (
                <li key={m.id} className="flex gap-4 px-4 py-3">
                  <div className="w-20 shrink-0 rounded-md bg-brand-50 py-1.5 text-center text-brand-900">
                    <div className="text-xs">{weekdayName(m.startsAt, locale)}</div>
                    <div className="text-sm font-bold">{formatDate(m.startsAt).slice(0, 5)}</div>
                    <div className="text-xs">{formatTime(m.startsAt)}</div>
                  </div>
                  <div className="min-w-0">
                    <Link to={`/meetings/${m.id}`} className="font-medium text-slate-900 hover:underline">{m.title}</Link>
                    <p className="text-sm text-slate-600">
                      {m.bodyName} · {formatTime(m.startsAt)}–{formatTime(m.endsAt)}
                      {m.place ? ` · ${m.place}` : ""}
                    </p>
                    <div className="mt-1 flex flex-wrap gap-1">
                      <Badge tone={m.status === "postponed" ? "amber" : "blue"}>{MEETING_STATUS_LABELS[m.status]}</Badge>
                      {m.confidentiality !== "normal" && <Badge tone="red">{CONFIDENTIALITY_LABELS[m.confidentiality]}</Badge>}
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card" aria-labelledby="notif-title">
          <div className="card-header">
            <h2 id="notif-title" className="card-title">{t("home.notifications")}</h2>
            <Link to="/notifications" className="link text-sm">{t("user.notifications")} →</Link>
          </div>
          {overview.notifications.length === 0 ? (
            <p className="px-4 py-6 text-sm text-slate-500">{t("home.noNotifications")}</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {overview.notifications.map((n) => (
                <li key={n.id} className="px-4 py-3 text-sm">
                  {n.url ? <Link to={n.url} className="link">{n.title}</Link> : n.title}
                  <div className="text-xs text-slate-500">{formatDate(n.createdAt)} {formatTime(n.createdAt)}</div>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card lg:col-span-3" aria-labelledby="tasks-title">
          <div className="card-header">
            <h2 id="tasks-title" className="card-title">{t("home.myTasks")}</h2>
            <Link to="/tasks" className="link text-sm">{t("nav.tasks")} →</Link>
          </div>
          {overview.tasks.length === 0 ? (
            <p className="px-4 py-6 text-sm text-slate-500">{t("home.noTasks")}</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("task.content")}</th>
                    <th scope="col">{t("task.leadUnit")}</th>
                    <th scope="col">{t("task.deadline")}</th>
                    <th scope="col">{t("task.progress")}</th>
                    <th scope="col">{t("task.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {overview.tasks.map((task) => (
                    <tr key={task.id}>
                      <td className="max-w-xl">
                        {task.starred && <span className="mr-1 text-amber-500" title={t("task.starred")} aria-label={t("task.starred")}>★</span>}
                        <Link to={`/tasks/${task.id}`} className="hover:underline">{task.content}</Link>
                        {task.directiveLabel && <div className="text-xs text-slate-500">{t("task.byDirective", { label: task.directiveLabel })}</div>}
                      </td>
                      <td>{task.leadUnitName}</td>
                      <td className="whitespace-nowrap">{formatDate(task.deadline)}</td>
                      <td>{task.progress}%</td>
                      <td><TaskStatusBadge status={task.status} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

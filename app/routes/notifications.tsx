import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/form";
import { formatDateTime } from "~/lib/dates";
import { failure, parseForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { listNotifications, markNotificationsRead } from "~/services/notify.server";

export const meta: MetaFunction = () => [{ title: "Thông báo · Phòng Họp Số" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ notifications: await listNotifications(user.id, 100) });
}

const markSchema = z.object({ id: z.coerce.number().int().positive().optional() });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  try {
    const { id } = await parseForm(request, markSchema);
    await markNotificationsRead(user.id, id ? [id] : "all");
    return json({ ok: true as const });
  } catch (e) {
    return failure(e);
  }
}

export default function Notifications() {
  const { notifications } = useLoaderData<typeof loader>();
  const unread = notifications.some((n) => !n.readAt);
  return (
    <div className="mx-auto max-w-3xl px-4 py-6">
      <PageHeader
        title="Thông báo"
        actions={unread ? (
          <Form method="post"><button className="btn-secondary" type="submit">Đánh dấu tất cả đã đọc</button></Form>
        ) : undefined}
      />
      <div className="card">
        {notifications.length === 0 ? (
          <p className="px-4 py-6 text-sm text-slate-500">Chưa có thông báo nào.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {notifications.map((n) => (
              <li key={n.id} className={`flex items-start gap-3 px-4 py-3 ${n.readAt ? "" : "bg-brand-50/60"}`}>
                <div className="min-w-0 flex-1 text-sm">
                  <p className={n.readAt ? "" : "font-semibold"}>{n.url ? <Link to={n.url} className="hover:underline">{n.title}</Link> : n.title}</p>
                  {n.body && <p className="text-slate-600">{n.body}</p>}
                  <p className="text-xs text-slate-500">{formatDateTime(n.createdAt)}</p>
                </div>
                {!n.readAt && (
                  <Form method="post">
                    <input type="hidden" name="id" value={n.id} />
                    <button className="btn-secondary btn-sm" type="submit">Đã đọc</button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

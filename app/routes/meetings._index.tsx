import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CalendarDayList } from "~/components/calendar-day-list";
import { CalendarLegend } from "~/components/calendar-chip";
import { CalendarMonth } from "~/components/calendar-month";
import { CalendarToolbar } from "~/components/calendar-toolbar";
import { CalendarWeek } from "~/components/calendar-week";
import { GeneralErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/form";
import { guardLoader, parseWith } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { can } from "~/policies";
import { calendarPage, isRealYmd } from "~/services/calendar.server";

export const meta: MetaFunction = () => [{ title: "Lịch họp · Phòng Họp Số" }];

// Bad values fall back to the defaults: a calendar URL typed by hand should still open.
const querySchema = z.object({
  // "upcoming" and "past" are the list tabs of the earlier page, still accepted from old links.
  view: z.enum(["month", "week", "list", "upcoming", "past"]).catch("list"),
  date: z.string().optional().catch(undefined).transform((d) => (isRealYmd(d) ? d : undefined)),
  period: z.enum(["upcoming", "past"]).catch("upcoming"),
  mine: z.enum(["0", "1"]).catch("0"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    const q = parseWith(querySchema, Object.fromEntries(new URL(request.url).searchParams));
    const view = q.view === "upcoming" || q.view === "past" ? "list" : q.view;
    const period = q.view === "past" ? "past" : q.view === "upcoming" ? "upcoming" : q.period;
    const page = await calendarPage(user, { view, date: q.date ?? "", mine: q.mine === "1", period });
    return json({ ...page, canSchedule: can(user, "meeting:schedule") });
  });
}

export default function Meetings() {
  const data = useLoaderData<typeof loader>();
  const { view, today, mine } = data;
  return (
    <div className="mx-auto max-w-7xl px-4 py-6">
      <PageHeader
        title="Lịch họp"
        description="Các cuộc họp của UBND Thành phố và Ban Cán sự Đảng UBND Thành phố mà bạn được xem."
        actions={
          <>
            <Link to="/me#lich-ca-nhan" className="btn-secondary">Đồng bộ với lịch của bạn</Link>
            {data.canSchedule && <Link to="/meetings/new" className="btn-primary">+ Lên lịch họp</Link>}
          </>
        }
      />
      <CalendarToolbar view={view} date={data.date} today={today} mine={mine} period={data.period} title={data.title} prevDate={data.prevDate} nextDate={data.nextDate} />
      {view === "month" && data.weeks && <CalendarMonth weeks={data.weeks} byDay={data.byDay} today={today} mine={mine} />}
      {view === "week" && data.week && <CalendarWeek days={data.week.days} startHour={data.week.startHour} endHour={data.week.endHour} today={today} />}
      {view === "list" && data.listDays && (
        <CalendarDayList
          days={data.listDays}
          today={today}
          emptyText={mine ? "Bạn không có cuộc họp nào trong khoảng thời gian này." : "Không có cuộc họp nào trong khoảng thời gian này."}
        />
      )}
      <div className="mt-4">
        <CalendarLegend />
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

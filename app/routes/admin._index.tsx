import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { StatCard } from "~/components/admin-ui";
import { GeneralErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/form";
import { guardLoader } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { authorize, can } from "~/policies";
import { bodyStats } from "~/services/bodies.server";
import { roomStats } from "~/services/rooms.server";
import { unitStats } from "~/services/units.server";
import { userStats } from "~/services/users.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    authorize(user, "admin:view");
    // Only the sections this person manages are counted (and shown).
    const [units, users, bodies, rooms] = await Promise.all([
      can(user, "unit:manage") ? unitStats({ actor: user }) : null,
      can(user, "user:manage") ? userStats({ actor: user }) : null,
      can(user, "body:manage") ? bodyStats({ actor: user }) : null,
      can(user, "room:manage") ? roomStats({ actor: user }) : null,
    ]);
    return json({ units, users, bodies, rooms });
  });
}

export default function AdminOverview() {
  const { units, users, bodies, rooms } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Quản trị hệ thống" description="Danh mục dùng chung cho lịch họp, văn bản chỉ đạo và nhiệm vụ." />
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {units && <StatCard to="/admin/units" title="Đơn vị" total={units.total} active={units.active} note="đang hoạt động" />}
        {users && <StatCard to="/admin/users" title="Người dùng" total={users.total} active={users.active} note="tài khoản đang hoạt động" />}
        {bodies && <StatCard to="/admin/bodies" title="Cơ quan họp" total={bodies.total} active={bodies.active} note="đang hoạt động" />}
        {rooms && <StatCard to="/admin/rooms" title="Phòng họp" total={rooms.total} active={rooms.active} note="đang sử dụng" />}
      </div>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

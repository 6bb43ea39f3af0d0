import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { AdminNav } from "~/components/admin-ui";
import { GeneralErrorBoundary } from "~/components/error-page";
import { guardLoader } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { authorize, can } from "~/policies";

export const meta: MetaFunction = () => [{ title: "Quản trị · Phòng Họp Số" }];

/** The admin area: only people who manage at least one section get in. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    authorize(user, "admin:view");
    return json({
      sections: {
        units: can(user, "unit:manage"),
        users: can(user, "user:manage"),
        bodies: can(user, "body:manage"),
        rooms: can(user, "room:manage"),
      },
    });
  });
}

export default function AdminLayout() {
  const { sections } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-7xl px-4 py-4 lg:flex lg:gap-8 lg:py-6">
      <AdminNav sections={sections} />
      <div className="mt-4 min-w-0 flex-1 lg:mt-0">
        <Outlet />
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

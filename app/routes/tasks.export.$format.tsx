import type { LoaderFunctionArgs } from "@remix-run/node";
import { guardLoader, parseWith } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { exportFormatSchema } from "~/schemas/report";
import { taskListQuerySchema } from "~/schemas/task-list";
import { exportResponse, taskListExport } from "~/services/export-tables.server";

/** GET /tasks/export/xlsx|csv?<the list's filters>: the list as a Vietnamese report table. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    const format = parseWith(exportFormatSchema, params.format);
    const q = parseWith(taskListQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
    return exportResponse(await taskListExport(user, q), format, "Danh sách nhiệm vụ");
  });
}

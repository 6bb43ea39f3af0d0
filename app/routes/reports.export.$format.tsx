import type { LoaderFunctionArgs } from "@remix-run/node";
import { guardLoader, parseWith } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { exportFormatSchema, reportQuerySchema } from "~/schemas/report";
import { exportResponse, reportExport } from "~/services/export-tables.server";

/** GET /reports/export/xlsx|csv?<the report's query>: the dashboard as the report table sent upward. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    const format = parseWith(exportFormatSchema, params.format);
    const q = parseWith(reportQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
    return exportResponse(await reportExport(user, q), format, "Báo cáo nhiệm vụ");
  });
}

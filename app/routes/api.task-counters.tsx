import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/session.server";
import { taskCountersFor } from "~/services/task-queries.server";

/** GET /api/task-counters — the header's task counters, refetched live on `task:changed`. Not under /tasks/: with lazy route discovery the client would match /tasks/:id. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json(await taskCountersFor(user), { headers: { "Cache-Control": "no-store" } });
}

import { json } from "@remix-run/node";
import { databaseHealth } from "~/services/health.server";

/** Liveness/readiness for load balancers: 200 when the database answers, 503 otherwise. */
export async function loader() {
  const database = await databaseHealth();
  return json(
    { status: database.ok ? "ok" : "degraded", database, time: new Date().toISOString() },
    { status: database.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}

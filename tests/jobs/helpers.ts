import type { Db } from "../../models";
import { runDueJobs } from "../../app/services/jobs.server";
import { hanoiWallTimeToUtc } from "../../app/lib/dates";

/** yyyy-MM-dd plus n days. */
export function plusDays(ymd: string, n: number) {
  const d = new Date(ymd + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** 08:00 in Hanoi on that day: an instant during the working day. */
export const morningOf = (ymd: string) => hanoiWallTimeToUtc(ymd, "08:00");

/** Two runners racing until nothing is due at `now`. */
export async function drainRacing(now: Date) {
  for (let round = 0; round < 20; round++) {
    const [a, b] = await Promise.all([runDueJobs({ workerId: "runner-A", now }), runDueJobs({ workerId: "runner-B", now })]);
    if (a.claimed + b.claimed === 0) return;
  }
  throw new Error("jobs kept coming");
}

/** Empties what a reminder test creates, so each test's scan sees only its own tasks. */
export async function cleanTasksAndJobs(db: Db) {
  await db.Job.destroy({ where: {} });
  await db.Notification.destroy({ where: {} });
  await db.TaskCoordinator.destroy({ where: {} });
  await db.Task.destroy({ where: {} });
}

import { verify } from "@node-rs/argon2";
import { Op, type Model, type ModelStatic } from "sequelize";
import { DEMO_PASSWORD, DEMO_USERNAMES, seedDemoData } from "../../app/services/seed-demo.server";
import type { Db } from "../../models";
import { closeDb, resetDatabase } from "../helpers/db";

let db: Db;

async function counts() {
  const { sequelize: _s, ...models } = db;
  const entries = await Promise.all(
    Object.entries(models).map(async ([name, m]) => [name, await (m as ModelStatic<Model>).count()] as const),
  );
  return Object.fromEntries(entries);
}

beforeAll(async () => {
  db = await resetDatabase();
});
afterAll(async () => {
  await closeDb();
});

describe("demo seed", () => {
  test("seeds once; a second call changes nothing", async () => {
    expect(await seedDemoData(db)).toEqual({ seeded: true });
    const first = await counts();
    expect(first.User).toBeGreaterThanOrEqual(6);
    expect(first.Unit).toBeGreaterThanOrEqual(12);
    expect(await seedDemoData(db)).toEqual({ seeded: false });
    expect(await counts()).toEqual(first);
  });

  test("the six demo accounts sign in with Demo@2023 and have their roles", async () => {
    const users = await db.User.findAll({ where: { username: [...DEMO_USERNAMES] }, include: [{ model: db.Unit, as: "unit" }] });
    expect(users.map((u) => u.username).sort()).toEqual([...DEMO_USERNAMES].sort());
    for (const u of users) {
      expect(u.active).toBe(true);
      expect(await verify(u.passwordHash, DEMO_PASSWORD)).toBe(true);
      expect(await verify(u.passwordHash, "wrong")).toBe(false);
    }
    const byName = Object.fromEntries(users.map((u) => [u.username, u]));
    expect(byName.admin.roles).toEqual(["admin"]);
    expect(byName.vanphong.roles).toEqual(["secretariat"]);
    expect(byName.chutich.roles).toEqual(["leader"]);
    expect(byName.thanhvien.roles).toEqual(["member"]);
    expect(byName.chuyenvien.unit!.code).toBe("STTTT");
    expect(byName.badinh.unit!.code).toBe("Q-BADINH");
    expect(byName.chutich.title).toBe("Chủ tịch UBND Thành phố");
  });

  test("both bodies have members, a chair and the secretariat as secretary", async () => {
    for (const code of ["UBND-TP", "BCSD-UBND"]) {
      const body = await db.Body.findOne({
        where: { code },
        include: [{ model: db.BodyMembership, as: "memberships", include: [{ model: db.User, as: "user" }] }],
      });
      const roleOf = (username: string) => body!.memberships!.find((m) => m.user!.username === username)?.role;
      expect(body!.memberships!.length).toBeGreaterThanOrEqual(6);
      expect(roleOf("chutich")).toBe("chair");
      expect(roleOf("vanphong")).toBe("secretary");
      expect(roleOf("thanhvien")).toBe("member");
    }
    const wards = await db.Unit.findAll({ where: { kind: "ward" }, include: [{ model: db.Unit, as: "parent" }] });
    expect(wards.length).toBeGreaterThanOrEqual(2);
    expect(wards.every((w) => w.parent!.name === "UBND quận Ba Đình")).toBe(true);
  });

  test("Chỉ thị 24-CT/TU is there with tasks in every situation", async () => {
    const ct24 = await db.Directive.findOne({
      where: { issuer: "Ban Thường vụ Thành ủy", symbol: "CT/TU", number: "24", year: 2023 },
      include: [{ model: db.Task, as: "tasks", include: [{ model: db.Unit, as: "coordinatingUnits" }, { model: db.TaskReport, as: "reports" }] }],
    });
    expect(ct24).not.toBeNull();
    expect(ct24!.issuedOn).toBe("2023-08-07");
    expect(ct24!.displayNumber).toBe("24-CT/TU");
    const tasks = ct24!.tasks!;
    expect(tasks.length).toBeGreaterThanOrEqual(6);
    expect(new Set(tasks.map((t) => t.leadUnitId)).size).toBeGreaterThanOrEqual(5);

    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const inDays = (n: number) => new Date(Date.parse(today) + n * 86_400_000).toISOString().slice(0, 10);
    const done = tasks.filter((t) => t.state === "completed");
    const open = tasks.filter((t) => t.state !== "completed" && t.state !== "cancelled");
    expect(done.some((t) => t.completedOn! <= t.deadline!)).toBe(true); // on time
    expect(done.some((t) => t.completedOn! > t.deadline!)).toBe(true); // late
    expect(open.some((t) => t.deadline && t.deadline < today)).toBe(true); // overdue
    expect(open.some((t) => t.deadline && t.deadline >= today && t.deadline <= inDays(3))).toBe(true); // due soon
    expect(open.some((t) => t.deadline && t.deadline > inDays(3))).toBe(true); // within deadline
    expect(tasks.some((t) => t.deadlineKind === "none" && t.deadline === null)).toBe(true);
    expect(tasks.some((t) => t.starred)).toBe(true);
    expect(tasks.some((t) => t.coordinatingUnits!.length > 0)).toBe(true);
    expect(tasks.some((t) => t.parentId !== null)).toBe(true);
    expect(tasks.some((t) => t.reports!.length > 0)).toBe(true);
    expect(await db.TaskOccurrence.count({ where: { taskId: tasks.map((t) => t.id) } })).toBeGreaterThanOrEqual(2);
  });

  test("there are upcoming convened meetings for both bodies, past ones with agendas, and a restricted party meeting", async () => {
    const now = new Date();
    const upcoming = await db.Meeting.findAll({
      where: { startsAt: { [Op.gt]: now }, status: "convened" },
      include: [{ model: db.Body, as: "body" }, { model: db.AgendaItem, as: "agendaItems" }, { model: db.Invitation, as: "invitations" }],
    });
    expect(upcoming.length).toBeGreaterThanOrEqual(2);
    expect(new Set(upcoming.map((m) => m.body!.code))).toEqual(new Set(["UBND-TP", "BCSD-UBND"]));
    for (const m of upcoming) {
      expect(m.agendaItems!.length).toBeGreaterThanOrEqual(3);
      expect(m.invitations!.length).toBeGreaterThanOrEqual(6);
      // Hanoi working hours: 08:00–17:30 local = 01:00–10:30 UTC, on a weekday.
      const hanoi = new Date(m.startsAt.getTime() + 7 * 3600_000);
      expect(hanoi.getUTCHours()).toBeGreaterThanOrEqual(8);
      expect(hanoi.getUTCHours()).toBeLessThan(17);
      expect([1, 2, 3, 4, 5]).toContain(hanoi.getUTCDay());
    }
    const rsvps = new Set(upcoming.flatMap((m) => m.invitations!.map((i) => i.rsvp)));
    expect(rsvps.has("pending") && rsvps.has("attending")).toBe(true);

    const ended = await db.Meeting.findAll({ where: { status: "ended" }, include: [{ model: db.AgendaItem, as: "agendaItems" }] });
    expect(ended.length).toBeGreaterThanOrEqual(2);
    expect(ended.every((m) => m.startsAt < now && m.agendaItems!.length >= 3)).toBe(true);

    const restricted = await db.Meeting.findAll({ where: { confidentiality: "restricted" }, include: [{ model: db.Body, as: "body" }] });
    expect(restricted.length).toBeGreaterThanOrEqual(1);
    expect(restricted.every((m) => m.body!.kind === "party")).toBe(true);
    expect(new Set((await db.Meeting.findAll()).map((m) => m.icalUid)).size).toBe(await db.Meeting.count());
  });

  test("a conclusion notice links back to the meeting it came from", async () => {
    const tb = await db.Directive.findOne({
      where: { kind: "TB" },
      include: [{ model: db.Meeting, as: "sourceMeeting" }, { model: db.Task, as: "tasks" }],
    });
    expect(tb!.numberFormat).toBe("state");
    expect(tb!.displayNumber).toBe("512/TB-VP");
    expect(tb!.sourceMeeting!.status).toBe("ended");
    expect(tb!.tasks!.every((t) => t.meetingId === tb!.sourceMeetingId)).toBe(true);
    const minutes = await db.Minutes.findOne({ where: { meetingId: tb!.sourceMeetingId! } });
    expect(minutes!.status).toBe("approved");
    expect(minutes!.text).toContain("Kết luận");
  });
});

describe("demo seed on awkward dates", () => {
  // New Year in Hanoi (still Dec 31 in UTC), the 15th of a quarter's last month, and a Sunday.
  test.each(["2025-12-31T18:30:00Z", "2026-03-15T02:00:00Z", "2026-06-14T09:00:00Z"])("now = %s", async (iso) => {
    db = await resetDatabase();
    const now = new Date(iso);
    expect(await seedDemoData(db, { now })).toEqual({ seeded: true });
    const upcoming = await db.Meeting.count({ where: { startsAt: { [Op.gt]: now }, status: "convened" } });
    expect(upcoming).toBeGreaterThanOrEqual(3);
    const open = await db.TaskOccurrence.findOne({ where: { state: "open" } });
    const hanoiToday = new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    expect(open!.deadline >= hanoiToday).toBe(true);
  });
});

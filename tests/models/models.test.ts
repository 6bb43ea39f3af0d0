import { randomBytes } from "node:crypto";
import { UniqueConstraintError, ValidationError } from "sequelize";
import type { Db } from "../../models";
import { createBody, createDirective, createMeeting, createTask, createUnit, createUser } from "../factories";
import { closeDb, resetDatabase } from "../helpers/db";

let db: Db;

beforeAll(async () => {
  db = await resetDatabase();
});
afterAll(async () => {
  await closeDb();
});

describe("units and users", () => {
  test("a unit tree keeps its parent", async () => {
    const district = await createUnit(db, { code: "Q-BD", name: "UBND quận Ba Đình", kind: "district" });
    const ward = await createUnit(db, { code: "P-KM", name: "UBND phường Kim Mã", kind: "ward", parentId: district.id });
    const loaded = await db.Unit.findByPk(district.id, { include: [{ model: db.Unit, as: "children" }] });
    expect(loaded!.children!.map((c) => c.id)).toEqual([ward.id]);
    expect(loaded!.active).toBe(true);
    expect(loaded!.position).toBe(0);
  });

  test("roles round-trip as an array, stored comma-separated; usernames are stored lowercase", async () => {
    const unit = await createUnit(db);
    const user = await createUser(db, { username: "  NguyenVanA ", roles: ["leader", "member"], unitId: unit.id });
    const loaded = await db.User.findByPk(user.id, { include: [{ model: db.Unit, as: "unit" }] });
    expect(loaded!.username).toBe("nguyenvana");
    expect(loaded!.roles).toEqual(["leader", "member"]);
    expect(loaded!.hasRole("member")).toBe(true);
    expect(loaded!.hasRole("admin")).toBe(false);
    expect(loaded!.unit!.id).toBe(unit.id);
    expect(loaded!.getDataValue("roles") as unknown).toBe("leader,member");
    expect(loaded!.locale).toBe("vi");
    expect(JSON.stringify(loaded)).not.toContain("passwordHash");

    const leaders = await db.User.findAll({ where: db.User.whereHasRole("leader") });
    expect(leaders.map((u) => u.id)).toContain(user.id);

    await loaded!.update({ roles: ["admin"] });
    await loaded!.reload();
    expect(loaded!.roles).toEqual(["admin"]);
  });

  test("unknown roles and kinds are refused by the model", async () => {
    await expect(db.Unit.create({ code: "X1", name: "X", kind: "planet" as never })).rejects.toBeInstanceOf(ValidationError);
    const bad = db.User.build({ username: "bad", fullName: "Bad", passwordHash: "x" });
    bad.setDataValue("roles", "root" as never);
    await expect(bad.save()).rejects.toBeInstanceOf(ValidationError);
  });

  test("usernames are unique in the database", async () => {
    await createUser(db, { username: "trung" });
    await expect(createUser(db, { username: "TRUNG" })).rejects.toBeInstanceOf(UniqueConstraintError);
  });

  test("Vietnamese text with diacritics round-trips", async () => {
    const name = "Sở Thông tin và Truyền thông – Phòng Bưu chính, Viễn thông & CNTT (Đống Đa, Hà Nội) ỹ ự ẫ ữ";
    const unit = await createUnit(db, { name });
    const user = await createUser(db, { fullName: "Nguyễn Thị Ngọc Ánh", title: "Phó Giám đốc Sở", unitId: unit.id });
    expect((await db.Unit.findByPk(unit.id))!.name).toBe(name);
    expect((await db.User.findByPk(user.id))!.fullName).toBe("Nguyễn Thị Ngọc Ánh");
    // Search by Vietnamese text works in SQL, not only in JS.
    expect(await db.Unit.count({ where: { name } })).toBe(1);
  });
});

describe("directives", () => {
  test("the (issuer, symbol, number, year) number is unique in the database", async () => {
    const d = await createDirective(db, { number: "24", symbol: "CT/TU", year: 2023, issuer: "Ban Thường vụ Thành ủy" });
    expect(d.displayNumber).toBe("24-CT/TU");
    expect((await db.Directive.findByPk(d.id))!.issuedOn).toBe("2023-08-07");
    await expect(
      createDirective(db, { number: "24", symbol: "CT/TU", year: 2023, issuer: "Ban Thường vụ Thành ủy" }),
    ).rejects.toBeInstanceOf(UniqueConstraintError);
    // Same number, another year or another issuer: a different document.
    await createDirective(db, { number: "24", symbol: "CT/TU", year: 2024, issuer: "Ban Thường vụ Thành ủy" });
    await createDirective(db, { number: "24", symbol: "CT/TU", year: 2023, issuer: "Ban Thường vụ Quận ủy Ba Đình" });

    const state = await createDirective(db, { kind: "QD", numberFormat: "state", number: "06", symbol: "QĐ-TTg", year: 2022, issuer: "Thủ tướng Chính phủ" });
    expect(state.displayNumber).toBe("06/QĐ-TTg");
  });
});

describe("tasks", () => {
  test("a task with coordinating units, a sub-task and reports", async () => {
    const lead = await createUnit(db, { name: "Sở Nội vụ" });
    const c1 = await createUnit(db, { name: "Sở Tư pháp" });
    const c2 = await createUnit(db, { name: "Sở Tài chính" });
    const author = await createUser(db, { unitId: lead.id });
    const directive = await createDirective(db);
    const task = await createTask(db, { directiveId: directive.id, leadUnitId: lead.id, coordinatingUnitIds: [c1.id, c2.id], deadline: "2024-03-31" });
    const child = await createTask(db, { parentId: task.id, leadUnitId: c1.id, deadlineKind: "none" });
    await db.TaskReport.create({ taskId: task.id, authorId: author.id, kind: "progress", progress: 40, note: "Đã hoàn thành dự thảo." });

    const loaded = await db.Task.findByPk(task.id, {
      include: [
        { model: db.Unit, as: "leadUnit" },
        { model: db.Unit, as: "coordinatingUnits" },
        { model: db.Task, as: "children" },
        { model: db.TaskReport, as: "reports" },
        { model: db.Directive, as: "directive" },
      ],
    });
    expect(loaded!.leadUnit!.name).toBe("Sở Nội vụ");
    expect(loaded!.coordinatingUnits!.map((u) => u.id).sort()).toEqual([c1.id, c2.id].sort());
    expect(loaded!.children!.map((t) => t.id)).toEqual([child.id]);
    expect(loaded!.reports![0].progress).toBe(40);
    expect(loaded!.directive!.id).toBe(directive.id);
    expect(loaded!.deadline).toBe("2024-03-31");
    expect(loaded!.state).toBe("assigned");
    expect(loaded!.starred).toBe(false);
    expect(child.deadline).toBeNull();

    await loaded!.setCoordinatingUnits([c2.id]);
    expect((await loaded!.getCoordinatingUnits()).map((u) => u.id)).toEqual([c2.id]);

    // Deleting the task takes its coordinators, reports and sub-tasks with it.
    await loaded!.destroy();
    expect(await db.TaskCoordinator.count({ where: { taskId: task.id } })).toBe(0);
    expect(await db.TaskReport.count({ where: { taskId: task.id } })).toBe(0);
    expect(await db.Task.count({ where: { id: child.id } })).toBe(0);
  });

  test("a task needs a lead unit (NOT NULL in the database, not only in the model)", async () => {
    const before = await db.Task.count();
    // validate: false skips the model's own notNull check so the database has to refuse it.
    await expect(db.Task.create({ content: "Không có đơn vị chủ trì" } as never, { validate: false })).rejects.toThrow();
    expect(await db.Task.count()).toBe(before);
  });
});

describe("meetings and minutes", () => {
  test("a meeting gets an iCalendar UID and loads its body, agenda and invitations", async () => {
    const body = await createBody(db, { name: "UBND Thành phố Hà Nội" });
    const chair = await createUser(db, { roles: ["leader"] });
    const meeting = await createMeeting(db, { bodyId: body.id, chairId: chair.id });
    expect(meeting.icalUid).toMatch(/^meeting-[0-9a-f-]{36}@phonghopso$/);
    expect(meeting.status).toBe("draft");
    await db.AgendaItem.bulkCreate([
      { meetingId: meeting.id, position: 2, title: "Nội dung 2" },
      { meetingId: meeting.id, position: 1, title: "Nội dung 1" },
    ]);
    await db.Invitation.create({ meetingId: meeting.id, userId: chair.id, role: "chair" });
    const loaded = await db.Meeting.findByPk(meeting.id, {
      include: [
        { model: db.Body, as: "body" },
        { model: db.User, as: "chair" },
        { model: db.AgendaItem, as: "agendaItems" },
        { model: db.Invitation, as: "invitations" },
      ],
      order: [[{ model: db.AgendaItem, as: "agendaItems" }, "position", "ASC"]],
    });
    expect(loaded!.body!.name).toBe("UBND Thành phố Hà Nội");
    expect(loaded!.chair!.id).toBe(chair.id);
    expect(loaded!.agendaItems!.map((a) => a.title)).toEqual(["Nội dung 1", "Nội dung 2"]);
    expect(loaded!.invitations![0].rsvp).toBe("pending");
    expect(loaded!.startsAt).toBeInstanceOf(Date);
  });

  test("a meeting must end after it starts; an invitation needs a person or a unit", async () => {
    const startsAt = new Date("2030-01-02T01:00:00Z");
    await expect(createMeeting(db, { startsAt, endsAt: startsAt })).rejects.toBeInstanceOf(ValidationError);
    const meeting = await createMeeting(db);
    await expect(db.Invitation.create({ meetingId: meeting.id, role: "guest" })).rejects.toBeInstanceOf(ValidationError);
  });

  test("a 200 KB Yjs state round-trips byte for byte (MEDIUMBLOB), and JSON snapshots parse", async () => {
    const meeting = await createMeeting(db);
    const state = randomBytes(200 * 1024);
    const json = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Kết luận của đồng chí Chủ tịch" }] }] };
    const minutes = await db.Minutes.create({ meetingId: meeting.id, yjsState: state, json, html: "<p>Kết luận của đồng chí Chủ tịch</p>" });
    const loaded = await db.Minutes.findByPk(minutes.id);
    expect(Buffer.isBuffer(loaded!.yjsState)).toBe(true);
    expect(loaded!.yjsState!.length).toBe(state.length);
    expect(loaded!.yjsState!.equals(state)).toBe(true);
    expect(loaded!.json).toEqual(json);
    expect(loaded!.status).toBe("draft");
    expect(loaded!.attendeesCanEdit).toBe(false);

    await db.MinutesVersion.create({ minutesId: minutes.id, reason: "finalize", yjsState: state, html: loaded!.html! });
    const versions = await loaded!.reload({ include: [{ model: db.MinutesVersion, as: "versions" }] });
    expect(versions.versions![0].yjsState.equals(state)).toBe(true);

    // One minutes per meeting.
    await expect(db.Minutes.create({ meetingId: meeting.id })).rejects.toBeInstanceOf(UniqueConstraintError);
  });
});

describe("JSON text columns, BIGINT and polymorphic documents", () => {
  test("audit before/after accept objects or serialized JSON and read back parsed", async () => {
    const a = await db.AuditEvent.create({ action: "task.update", entityType: "task", entityId: 1, before: { progress: 10 }, after: JSON.stringify({ progress: 50 }) });
    const loaded = await db.AuditEvent.findByPk(a.id);
    expect(loaded!.before).toEqual({ progress: 10 });
    expect(loaded!.after).toEqual({ progress: 50 });
    expect(loaded!.getDataValue("after")).toBe('{"progress":50}');

    const job = await db.Job.create({ kind: "reminder", runAt: new Date(), payload: { taskId: 7 }, dedupeKey: "reminder:7" });
    expect((await db.Job.findByPk(job.id))!.payload).toEqual({ taskId: 7 });
    await expect(db.Job.create({ kind: "reminder", runAt: new Date(), dedupeKey: "reminder:7" })).rejects.toBeInstanceOf(UniqueConstraintError);
  });

  test("documents attach to a directive through (ownerType, ownerId)", async () => {
    const directive = await createDirective(db);
    const big = 3 * 1024 ** 3; // over 2^31: needs BIGINT
    await db.Document.create({
      ownerType: "directive",
      ownerId: directive.id,
      fileName: "Chỉ thị 24-CT-TU.pdf",
      mime: "application/pdf",
      size: big,
      sha256: "a".repeat(64),
      storageKey: randomBytes(16).toString("hex"),
    });
    await db.Document.create({ ownerType: "task", ownerId: directive.id, fileName: "khac.pdf", mime: "application/pdf", size: 1, sha256: "b".repeat(64), storageKey: randomBytes(16).toString("hex") });
    const loaded = await db.Directive.findByPk(directive.id, { include: [{ model: db.Document, as: "documents" }] });
    expect(loaded!.documents!.map((d) => d.fileName)).toEqual(["Chỉ thị 24-CT-TU.pdf"]);
    expect(loaded!.documents![0].size).toBe(big);
  });

  test("sessions get a random id", async () => {
    const user = await createUser(db);
    const s = await db.Session.create({ userId: user.id, data: "{}", expiresAt: new Date(Date.now() + 3600_000) });
    expect(s.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await db.Session.findByPk(s.id))!.userId).toBe(user.id);
  });
});

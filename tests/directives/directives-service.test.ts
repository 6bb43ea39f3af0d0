// The directive register's services against the demo installation and a real
// database: a directive and its tasks in one transaction, duplicates, deadlines
// before the issue date, stale edits, validity, the conclusion notice drafted
// from a meeting's minutes, bulk assignment, sanitized rich text and the
// register's filters and SQL task counts.
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../app/lib/errors";
import { buildMinutesTemplate } from "../../app/lib/minutes/template";
import { computeTaskStatus } from "../../app/lib/task-status";
import { directiveFormSchema, editDirectiveSchema, parseDirectiveSubmission, type DirectiveFormInput, type TaskRows } from "../../app/schemas/directive";
import { getDirectiveFor, listDirectivesFor, taskCountsFor } from "../../app/services/directive-queries.server";
import {
  assignDirectiveTasks,
  conclusionNoticeDraft,
  conclusionsOfMinutes,
  createDirective,
  sanitizeDirectiveBody,
  setDirectiveStatus,
  updateDirective,
} from "../../app/services/directives.server";
import type { Directive } from "../../models";
import { closeDb } from "../helpers/db";
import { rejection, seedDemo, type Demo } from "../meetings/helpers";
import { asReadForm, counts, directiveForm, emptyRow, hanoiDay, taskRow, vnDate } from "./helpers";

let demo: Demo;

beforeAll(async () => {
  demo = await seedDemo();
});
afterAll(() => closeDb());

/** What the action hands the service: the parsed form and its rows. */
function submission(form: Record<string, string | string[]>) {
  return parseDirectiveSubmission(directiveFormSchema, asReadForm(form));
}

async function create(form: Record<string, string | string[]>) {
  const { input, tasks } = submission(form);
  return createDirective({ actor: demo.users.vanphong, input, tasks });
}

/** Runs a call that must be refused and checks that it wrote nothing at all. */
async function refusedWithoutWriting(call: () => Promise<unknown>) {
  const before = await counts(demo.db);
  const error = await rejection(call());
  expect(await counts(demo.db)).toEqual(before);
  return error;
}

function editInput(d: Directive, over: Record<string, string> = {}): { input: DirectiveFormInput; version: number } {
  const { version, ...input } = editDirectiveSchema.parse({
    kind: d.kind,
    number: d.numberFormat === "party" ? `${d.number}-${d.symbol}` : `${d.number}/${d.symbol}`,
    issuer: d.issuer,
    signer: d.signer ?? "",
    issuedOn: d.issuedOn,
    summary: d.summary,
    body: d.body ?? "",
    confidentiality: d.confidentiality,
    sourceMeetingId: d.sourceMeetingId ? String(d.sourceMeetingId) : "",
    status: d.status,
    replacedById: d.replacedById ? String(d.replacedById) : "",
    version: String(d.version),
    ...over,
  });
  return { input, version };
}

describe("a directive with its tasks, in one transaction", () => {
  test("3 tasks for 2 units: the directive, the tasks, their coordinators and the audit trail", async () => {
    const { db, units, users } = demo;
    const before = await counts(db);
    const form = directiveForm({
      number: "31-CT/TU",
      ...taskRow(0, { content: "Xây dựng kế hoạch chuyển đổi số năm 2027 của Thành phố.", leadUnitId: units.stttt.id, coordinatingUnitIds: [units.snv.id], ownerId: users.chuyenvien.id, deadline: hanoiDay(30), starred: true }),
      ...taskRow(1, { content: "Rà soát, chuẩn hóa dữ liệu cán bộ, công chức trên hệ thống.", leadUnitId: units.snv.id, deadline: hanoiDay(60) }),
      ...taskRow(2, { content: "Báo cáo định kỳ kết quả thực hiện Chỉ thị.", leadUnitId: units.stttt.id, deadlineKind: "recurring", deadline: hanoiDay(25), recurrence: "quarterly" }),
    });
    const directive = await create(form);

    const saved = (await db.Directive.findByPk(directive.id))!;
    expect(saved).toMatchObject({ kind: "CT", numberFormat: "party", number: "31", symbol: "CT/TU", year: Number(hanoiDay(-5).slice(0, 4)), issuer: "Ban Thường vụ Thành ủy", issuedOn: hanoiDay(-5), status: "active", version: 1, createdById: users.vanphong.id });
    const tasks = await db.Task.findAll({ where: { directiveId: directive.id }, include: [{ model: db.Unit, as: "coordinatingUnits" }], order: [["id", "ASC"]] });
    expect(tasks.map((t) => t.leadUnitId)).toEqual([units.stttt.id, units.snv.id, units.stttt.id]);
    expect(new Set(tasks.map((t) => t.leadUnitId)).size).toBe(2);
    expect(tasks[0]).toMatchObject({ ownerId: users.chuyenvien.id, starred: true, deadline: hanoiDay(30), assignedById: users.vanphong.id, state: "assigned" });
    expect(tasks[0].coordinatingUnits!.map((u) => u.id)).toEqual([units.snv.id]);
    expect(tasks[2]).toMatchObject({ deadlineKind: "recurring", recurrence: "quarterly" });

    const audits = await db.AuditEvent.findAll({ where: { entityType: "directive", entityId: directive.id } });
    expect(audits.map((a) => a.action)).toEqual(["directive.create"]);
    expect(audits[0].after).toMatchObject({ number: "31-CT/TU", issuer: "Ban Thường vụ Thành ủy", status: "active", version: 1 });
    expect(await db.AuditEvent.count({ where: { entityType: "task", action: "task.create", entityId: tasks.map((t) => t.id) } })).toBe(3);

    const after = await counts(db);
    expect(after).toMatchObject({ directives: before.directives + 1, tasks: before.tasks + 3, coordinators: before.coordinators + 1, occurrences: before.occurrences + 1, audits: before.audits + 4 });
  });

  test("a bad row (unit that does not exist) → its field error, and nothing is created, not even the directive", async () => {
    const { units } = demo;
    const form = directiveForm({
      ...taskRow(0, { content: "Nhiệm vụ hợp lệ thứ nhất của văn bản.", leadUnitId: units.stttt.id, deadline: hanoiDay(30) }),
      ...taskRow(1, { content: "Nhiệm vụ hợp lệ thứ hai của văn bản.", leadUnitId: units.snv.id, deadline: hanoiDay(30) }),
      ...taskRow(2, { content: "Nhiệm vụ giao cho đơn vị không tồn tại.", leadUnitId: 999_999, deadline: hanoiDay(30) }),
    });
    const e = await refusedWithoutWriting(() => create(form));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.fields).toEqual({ "tasks[2].leadUnitId": "Đơn vị chủ trì không tồn tại hoặc đã ngừng hoạt động." });
  });

  test("row messages are keyed by the row the person typed in, even after skipped empty rows", async () => {
    const { units } = demo;
    const form = directiveForm({
      ...taskRow(0, { content: "Nhiệm vụ hợp lệ ở dòng đầu tiên.", leadUnitId: units.stttt.id, deadline: hanoiDay(30) }),
      ...emptyRow(1),
      ...emptyRow(2),
      ...taskRow(3, { content: "Nhiệm vụ ở dòng thứ tư, đơn vị không tồn tại.", leadUnitId: 999_998, deadline: hanoiDay(30) }),
    });
    const e = await refusedWithoutWriting(() => create(form));
    expect(e.fields).toEqual({ "tasks[3].leadUnitId": "Đơn vị chủ trì không tồn tại hoặc đã ngừng hoạt động." });
  });

  test("row errors of the schema and of the directive come back together, nothing written", async () => {
    const form = directiveForm({
      summary: "",
      ...taskRow(0, { content: "Nhiệm vụ thiếu đơn vị chủ trì.", leadUnitId: "", deadline: hanoiDay(30) }),
      ...taskRow(1, { content: "Nhiệm vụ thiếu thời hạn.", leadUnitId: demo.units.snv.id }),
    });
    const e = await refusedWithoutWriting(async () => create(form));
    expect(e.fields).toMatchObject({
      summary: "Vui lòng nhập trích yếu.",
      "tasks[0].leadUnitId": "Vui lòng chọn đơn vị chủ trì.",
      "tasks[1].deadline": "Vui lòng nhập thời hạn.",
    });
  });

  test("a deadline before the issue date is reported with the other rows' mistakes", async () => {
    const issued = hanoiDay(-10);
    const form = directiveForm({
      issuedOn: vnDate(issued),
      ...taskRow(0, { content: "Nhiệm vụ thiếu đơn vị chủ trì.", leadUnitId: "", deadline: hanoiDay(30) }),
      ...taskRow(1, { content: "Nhiệm vụ có thời hạn trước ngày ban hành.", leadUnitId: demo.units.snv.id, deadline: vnDate(hanoiDay(-40)) }),
    });
    const e = await refusedWithoutWriting(async () => create(form));
    expect(e.fields).toEqual({
      "tasks[0].leadUnitId": "Vui lòng chọn đơn vị chủ trì.",
      "tasks[1].deadline": `Thời hạn (${vnDate(hanoiDay(-40))}) không được trước ngày ban hành văn bản (${vnDate(issued)}).`,
    });
  });

  test("the service refuses a deadline before the issue date even without the form's parser", async () => {
    const { input } = submission(directiveForm({ issuedOn: vnDate(hanoiDay(-10)) }));
    const tasks = rowsOf([{ content: "Nhiệm vụ có thời hạn trước ngày ban hành.", leadUnitId: demo.units.snv.id, deadline: hanoiDay(-15) }]);
    const e = await refusedWithoutWriting(() => createDirective({ actor: demo.users.vanphong, input, tasks }));
    expect(Object.keys(e.fields ?? {})).toEqual(["tasks[0].deadline"]);
    expect(e.fields!["tasks[0].deadline"]).toMatch(/không được trước ngày ban hành văn bản/);
  });

  test("a task deadline before the issue date → tasks[i].deadline, nothing written", async () => {
    const issued = hanoiDay(-10);
    const form = directiveForm({
      issuedOn: vnDate(issued),
      ...taskRow(0, { content: "Nhiệm vụ có thời hạn hợp lệ.", leadUnitId: demo.units.stttt.id, deadline: hanoiDay(30) }),
      ...taskRow(1, { content: "Nhiệm vụ có thời hạn trước ngày ban hành.", leadUnitId: demo.units.snv.id, deadline: hanoiDay(-20) }),
    });
    const e = await refusedWithoutWriting(() => create(form));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.fields).toEqual({ "tasks[1].deadline": `Thời hạn (${vnDate(hanoiDay(-20))}) không được trước ngày ban hành văn bản (${vnDate(issued)}).` });
  });

  test("a deadline after the issue date but already past → the task service refuses it on that row", async () => {
    const form = directiveForm({
      issuedOn: vnDate(hanoiDay(-10)),
      ...taskRow(0, { content: "Nhiệm vụ có thời hạn hợp lệ.", leadUnitId: demo.units.stttt.id, deadline: hanoiDay(30) }),
      ...emptyRow(1),
      ...taskRow(2, { content: "Nhiệm vụ có thời hạn đã qua.", leadUnitId: demo.units.snv.id, deadline: hanoiDay(-3) }),
    });
    const e = await refusedWithoutWriting(() => create(form));
    expect(Object.keys(e.fields ?? {})).toEqual(["tasks[2].deadline"]);
    expect(e.fields!["tasks[2].deadline"]).toMatch(/Thời hạn không được trước ngày/);
  });

  test("without rows, only the directive is created", async () => {
    const before = await counts(demo.db);
    const d = await create(directiveForm({ ...emptyRow(0), ...emptyRow(1), ...emptyRow(2) }));
    expect(d.createdTasks).toEqual([]);
    expect(await counts(demo.db)).toMatchObject({ directives: before.directives + 1, tasks: before.tasks, audits: before.audits + 1 });
  });

  test("only the secretariat records directives", async () => {
    const { input, tasks } = submission(directiveForm());
    for (const who of ["chutich", "thanhvien", "chuyenvien", "admin"] as const) {
      const e = await refusedWithoutWriting(() => createDirective({ actor: demo.users[who], input, tasks }));
      expect(e).toBeInstanceOf(ForbiddenError);
    }
  });
});

describe("numbers are unique per issuer + symbol + number + year", () => {
  test("the demo's Chỉ thị 24-CT/TU again → a clear message on the number field, nothing written", async () => {
    const form = directiveForm({
      number: "24-CT/TU",
      issuedOn: "07/08/2023",
      ...taskRow(0, { content: "Nhiệm vụ không được tạo vì văn bản trùng.", leadUnitId: demo.units.stttt.id, deadline: hanoiDay(30) }),
    });
    const e = await refusedWithoutWriting(() => create(form));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.status).toBe(400);
    expect(e.fields!.number).toMatch(/^Đã có văn bản số 24-CT\/TU của Ban Thường vụ Thành ủy năm 2023 \(«Về tăng cường kỷ cương/);
  });

  test("spelled with other case and spacing, it is still the same document", async () => {
    const e = await refusedWithoutWriting(() => create(directiveForm({ number: " 24 - ct/TU ", issuer: "ban thường vụ   Thành ủy", issuedOn: "2023-09-01" })));
    expect(e.fields!.number).toMatch(/^Đã có văn bản số 24-CT\/TU của Ban Thường vụ Thành ủy năm 2023/);
  });

  test("the same number from another issuer, or of another year, is another document", async () => {
    await expect(create(directiveForm({ number: "24-CT/TU", issuedOn: "07/08/2023", issuer: "Ban Thường vụ Quận ủy Ba Đình" }))).resolves.toBeTruthy();
    await expect(create(directiveForm({ number: "24-CT/TU", issuedOn: "15/01/2024" }))).resolves.toBeTruthy();
  });

  test("two people recording the same number at once: one succeeds, the other gets the message", async () => {
    const form = directiveForm({ number: "77-CT/TU", issuedOn: vnDate(hanoiDay(-2)) });
    const results = await Promise.allSettled([create(form), create(form)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason).toBeInstanceOf(ValidationError);
    expect(failed.reason.fields.number).toMatch(/^Đã có văn bản số 77-CT\/TU của Ban Thường vụ Thành ủy năm \d{4}/);
    expect(await demo.db.Directive.count({ where: { number: "77", symbol: "CT/TU" } })).toBe(1);
  });

  test("editing another directive onto an existing number is refused the same way", async () => {
    const d = await create(directiveForm({ number: "78-CT/TU" }));
    const { input, version } = editInput(d, { number: "24-CT/TU", issuedOn: "2023-08-07" });
    const e = await rejection(updateDirective({ actor: demo.users.vanphong, directiveId: d.id, input, version }));
    expect(e.fields!.number).toMatch(/^Đã có văn bản số 24-CT\/TU/);
    expect((await demo.db.Directive.findByPk(d.id))!.number).toBe("78");
  });
});

describe("edits under optimistic locking", () => {
  test("a stale form → 409 saying who changed what; nothing overwritten", async () => {
    const { db, users } = demo;
    const d = await create(directiveForm({ number: "79-CT/TU", summary: "Về đẩy mạnh cải cách hành chính năm 2027" }));
    const loadedByB = editInput(d, { summary: "Về đẩy mạnh cải cách hành chính (bản của B)" });

    const first = editInput(d, { summary: "Về đẩy mạnh cải cách hành chính và chuyển đổi số năm 2027", signer: "Bí thư Thành ủy" });
    await updateDirective({ actor: users.vanphong, directiveId: d.id, ...first });

    const e = await rejection(updateDirective({ actor: users.vanphong, directiveId: d.id, ...loadedByB }));
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.status).toBe(409);
    expect(e.message).toMatch(/^Văn bản vừa được cập nhật bởi Trần Thu Hà lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\./);
    expect(e.message).toContain("Trích yếu: Về đẩy mạnh cải cách hành chính năm 2027 → Về đẩy mạnh cải cách hành chính và chuyển đổi số năm 2027");
    expect(e.message).toContain("Người ký: T/M Ban Thường vụ, Phó Bí thư Thường trực → Bí thư Thành ủy");
    expect(e.message).toContain("Thay đổi của bạn chưa được lưu");
    const saved = (await db.Directive.findByPk(d.id))!;
    expect(saved).toMatchObject({ summary: "Về đẩy mạnh cải cách hành chính và chuyển đổi số năm 2027", version: 2 });
  });

  test("a fresh edit saves, bumps the version and audits only what changed", async () => {
    const { db, users } = demo;
    const d = await create(directiveForm({ number: "80-CT/TU" }));
    const { input, version } = editInput(d, { summary: "Trích yếu đã được sửa lại cho đúng", confidentiality: "restricted" });
    await updateDirective({ actor: users.vanphong, directiveId: d.id, input, version });
    const saved = (await db.Directive.findByPk(d.id))!;
    expect(saved).toMatchObject({ summary: "Trích yếu đã được sửa lại cho đúng", confidentiality: "restricted", version: 2 });
    const audit = await db.AuditEvent.findOne({ where: { entityType: "directive", entityId: d.id, action: "directive.update" } });
    expect(audit!.before).toEqual({ summary: d.summary, confidentiality: "normal", version: 1 });
    expect(audit!.after).toEqual({ summary: "Trích yếu đã được sửa lại cho đúng", confidentiality: "restricted", version: 2 });
  });

  test("the issue date may not move past a task's deadline", async () => {
    const d = await create(directiveForm({ number: "81-CT/TU", issuedOn: vnDate(hanoiDay(-30)) }));
    await assignDirectiveTasks({ actor: demo.users.vanphong, directiveId: d.id, tasks: rowsOf([{ content: "Nhiệm vụ có hạn sau năm ngày nữa.", leadUnitId: demo.units.snv.id, deadline: hanoiDay(5) }]) });
    // the same issue date in the future is refused by the schema; a task created earlier can still have a deadline before a corrected date
    await demo.db.Task.update({ deadline: hanoiDay(-20) }, { where: { directiveId: d.id } });
    const { input, version } = editInput((await demo.db.Directive.findByPk(d.id))!, { issuedOn: hanoiDay(-10) });
    const e = await rejection(updateDirective({ actor: demo.users.vanphong, directiveId: d.id, input, version }));
    expect(e.fields!.issuedOn).toMatch(new RegExp(`^Ngày ban hành \\(${vnDate(hanoiDay(-10))}\\) không được sau thời hạn ${vnDate(hanoiDay(-20))} của nhiệm vụ «Nhiệm vụ có hạn`));
  });

  test("an unknown directive → 404; the leader may not edit → 403", async () => {
    const d = await create(directiveForm());
    const { input, version } = editInput(d);
    expect(await rejection(updateDirective({ actor: demo.users.vanphong, directiveId: 999_999, input, version }))).toBeInstanceOf(NotFoundError);
    expect(await rejection(updateDirective({ actor: demo.users.chutich, directiveId: d.id, input, version }))).toBeInstanceOf(ForbiddenError);
  });
});

describe("validity: còn hiệu lực / hết hiệu lực / được thay thế bởi …", () => {
  test("replaced needs an existing other directive that does not lead back", async () => {
    const { users } = demo;
    const a = await create(directiveForm({ number: "82-CT/TU" }));
    const b = await create(directiveForm({ number: "83-CT/TU" }));
    const set = (id: number, status: "active" | "expired" | "replaced", replacedById: number | null, version: number) =>
      setDirectiveStatus({ actor: users.vanphong, directiveId: id, status, replacedById, version });

    expect((await rejection(set(a.id, "replaced", null, 1))).fields).toEqual({ replacedById: "Vui lòng chọn văn bản thay thế." });
    expect((await rejection(set(a.id, "replaced", a.id, 1))).fields).toEqual({ replacedById: "Văn bản không thể được thay thế bởi chính nó." });
    expect((await rejection(set(a.id, "replaced", 999_999, 1))).fields).toEqual({ replacedById: "Văn bản thay thế không tồn tại." });

    await set(a.id, "replaced", b.id, 1);
    expect(await demo.db.Directive.findByPk(a.id)).toMatchObject({ status: "replaced", replacedById: b.id, version: 2 });
    expect((await rejection(set(b.id, "replaced", a.id, 1))).fields!.replacedById).toMatch(/thay thế vòng/);

    const page = await getDirectiveFor(users.vanphong, a.id);
    expect(page.replacedBy).toMatchObject({ id: b.id, label: "83-CT/TU" });
    expect((await getDirectiveFor(users.vanphong, b.id)).replaces.map((r) => r.label)).toEqual(["82-CT/TU"]);

    // back to active clears the successor; a stale status form is refused
    await set(a.id, "expired", b.id, 2);
    expect(await demo.db.Directive.findByPk(a.id)).toMatchObject({ status: "expired", replacedById: null, version: 3 });
    const stale = await rejection(set(a.id, "active", null, 2));
    expect(stale).toBeInstanceOf(ConflictError);
    expect(stale.message).toContain("Hiệu lực: Được thay thế → Hết hiệu lực");
  });
});

function rowsOf(rows: { content: string; leadUnitId: number; deadline?: string; coordinatingUnitIds?: number[] }[]): TaskRows {
  return {
    rows: rows.map((r) => ({ content: r.content, leadUnitId: r.leadUnitId, coordinatingUnitIds: r.coordinatingUnitIds ?? [], ownerId: null, deadlineKind: r.deadline ? "date" : "none", deadline: r.deadline, recurrence: undefined, starred: false, parentId: null })),
    indexes: rows.map((_, i) => i),
  };
}

describe("bulk assignment on a directive already in the register", () => {
  test("several rows at once; an expired directive takes no more; staff may not assign", async () => {
    const { db, users, units } = demo;
    const d = await create(directiveForm({ number: "84-CT/TU" }));
    const created = await assignDirectiveTasks({
      actor: users.chutich,
      directiveId: d.id,
      tasks: rowsOf([
        { content: "Nhiệm vụ giao bổ sung thứ nhất.", leadUnitId: units.badinh.id, deadline: hanoiDay(10) },
        { content: "Nhiệm vụ giao bổ sung thứ hai.", leadUnitId: units.stttt.id, coordinatingUnitIds: [units.badinh.id] },
      ]),
    });
    expect(created).toHaveLength(2);
    expect(await db.Task.count({ where: { directiveId: d.id } })).toBe(2);
    expect(created.every((t) => t.assignedById === users.chutich.id)).toBe(true);

    expect(await rejection(assignDirectiveTasks({ actor: users.chuyenvien, directiveId: d.id, tasks: rowsOf([{ content: "Không được giao.", leadUnitId: units.snv.id }]) }))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(assignDirectiveTasks({ actor: users.vanphong, directiveId: 999_999, tasks: rowsOf([{ content: "Không có văn bản.", leadUnitId: units.snv.id }]) }))).toBeInstanceOf(NotFoundError);

    await setDirectiveStatus({ actor: users.vanphong, directiveId: d.id, status: "expired", replacedById: null, version: 1 });
    const e = await refusedWithoutWriting(() => assignDirectiveTasks({ actor: users.vanphong, directiveId: d.id, tasks: rowsOf([{ content: "Văn bản hết hiệu lực.", leadUnitId: units.snv.id }]) }));
    expect(e.message).toBe("Văn bản hết hiệu lực; không giao thêm nhiệm vụ.");
  });
});

describe("Thông báo kết luận drafted from a meeting", () => {
  test("from the past regular meeting: body as issuer, who concluded where, the minutes' conclusions as body", async () => {
    const { db, users, ubnd } = demo;
    const tb = await db.Directive.findOne({ where: { kind: "TB" } });
    const meeting = (await db.Meeting.findByPk(tb!.sourceMeetingId!))!;
    const draft = await conclusionNoticeDraft({ actor: users.vanphong, meetingId: meeting.id });
    expect(draft).toMatchObject({ kind: "TB", issuer: ubnd.name, sourceMeetingId: meeting.id, confidentiality: meeting.confidentiality, status: "active" });
    expect(draft.summary).toBe(`Kết luận của đồng chí Nguyễn Văn Minh, Chủ tịch UBND Thành phố tại ${meeting.title.charAt(0).toLowerCase()}${meeting.title.slice(1)}`);
    expect(draft.body).toMatch(/^<ol[^>]*><li><p[^>]*>Sở Tài chính chủ trì, phối hợp Sở Kế hoạch và Đầu tư/);
    expect(draft.body).toContain("UBND quận Hoàn Kiếm hoàn thiện Đề án");
    expect(draft.body).not.toContain("NỘI DUNG CUỘC HỌP");
    expect(draft.meeting).toMatchObject({ id: meeting.id, hasConclusions: true });
    // and it can be recorded as it is, once it has a number
    const { input } = submission({ ...directiveForm(), ...Object.fromEntries(Object.entries(draft).filter(([, v]) => typeof v === "string" || typeof v === "number").map(([k, v]) => [k, String(v)])), number: "515/TB-VP" });
    const d = await createDirective({ actor: users.vanphong, input });
    expect(await db.Directive.findByPk(d.id)).toMatchObject({ kind: "TB", numberFormat: "state", symbol: "TB-VP", sourceMeetingId: meeting.id });
  });

  test("a meeting without minutes gives an empty body; an unknown meeting is 404; staff may not draft", async () => {
    const { users } = demo;
    const upcoming = (await demo.db.Meeting.findOne({ where: { status: "convened" } }))!;
    const draft = await conclusionNoticeDraft({ actor: users.vanphong, meetingId: upcoming.id });
    expect(draft.body).toBeNull();
    expect(draft.meeting.hasConclusions).toBe(false);
    expect(await rejection(conclusionNoticeDraft({ actor: users.vanphong, meetingId: 999_999 }))).toBeInstanceOf(NotFoundError);
    expect(await rejection(conclusionNoticeDraft({ actor: users.chuyenvien, meetingId: upcoming.id }))).toBeInstanceOf(ForbiddenError);
  });

  test("the Decree 30 template's conclusions section: up to the closing sentence and the signatures", () => {
    const doc = buildMinutesTemplate({
      bodyName: "UBND Thành phố Hà Nội",
      bodyKind: "state",
      title: "Phiên họp thử nghiệm",
      startsAt: "2026-11-02T01:00:00Z",
      endsAt: "2026-11-02T04:00:00Z",
      place: "Phòng họp số 1",
      chair: { fullName: "Nguyễn Văn Minh", title: "Chủ tịch" },
      secretary: null,
      present: [],
      absent: [],
      agenda: [{ id: 1, title: "Nội dung một", presenter: "" }],
    });
    const at = doc.content.findIndex((n) => n.type === "heading" && n.attrs?.section === "conclusions");
    doc.content.splice(at + 1, 1, { type: "paragraph", content: [{ type: "text", text: "Giao Sở Nội vụ chủ trì." }] }, { type: "paragraph", content: [] }, { type: "paragraph", content: [{ type: "text", text: "Giao Sở Tư pháp thẩm định." }] });
    const nodes = conclusionsOfMinutes(doc as never);
    expect(nodes.map((n) => n.content?.[0]?.text ?? "")).toEqual(["Giao Sở Nội vụ chủ trì.", "", "Giao Sở Tư pháp thẩm định."]);
    expect(conclusionsOfMinutes({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Không có phần kết luận" }] }] })).toEqual([]);
  });
});

describe("rich text is sanitized on the server", () => {
  test("scripts, handlers and javascript: links are stripped; the text stays", async () => {
    const d = await create(
      directiveForm({
        body: `<p onclick="alert(1)">Nội dung <strong>chính</strong></p><script>alert("x")</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">liên kết</a><iframe src="https://evil.example"></iframe><h1 style="color:red;text-align:center">Tiêu đề</h1>`,
      }),
    );
    const body = (await demo.db.Directive.findByPk(d.id))!.body!;
    expect(body).toBe('<p>Nội dung <strong>chính</strong></p><a rel="noopener noreferrer" target="_blank">liên kết</a><h2 style="text-align:center">Tiêu đề</h2>');
    expect(body).not.toMatch(/script|onclick|onerror|javascript:|iframe|<img/i);
  });

  test("plain text from a textarea becomes paragraphs; an empty editor is no body", () => {
    expect(sanitizeDirectiveBody("Dòng một\ncòn tiếp\n\nĐoạn hai & ký hiệu")).toBe("<p>Dòng một<br />còn tiếp</p><p>Đoạn hai &amp; ký hiệu</p>");
    // with markup it is HTML, sanitized like the editor's
    expect(sanitizeDirectiveBody("Đoạn <b>đậm</b> <i>nghiêng</i>")).toBe("Đoạn <strong>đậm</strong> <em>nghiêng</em>");
    expect(sanitizeDirectiveBody("Đoạn 1 < 2 và 3 > 2\n\nĐoạn hai")).toBe("<p>Đoạn 1 &lt; 2 và 3 &gt; 2</p><p>Đoạn hai</p>");
    expect(sanitizeDirectiveBody("<p></p>")).toBeNull();
    expect(sanitizeDirectiveBody("<p>&nbsp;</p><script>alert(1)</script>")).toBeNull();
    expect(sanitizeDirectiveBody("   ")).toBeNull();
  });
});

describe("the register: filters, sort and task counts computed in SQL", () => {
  test("task counts by GROUP BY equal the computed statuses", async () => {
    const { db, users } = demo;
    const directives = await db.Directive.findAll({ include: [{ model: db.Task, as: "tasks" }] });
    const counted = await taskCountsFor(directives.map((d) => d.id));
    for (const d of directives) {
      const tasks = (d.tasks ?? []).filter((t) => t.state !== "cancelled");
      const statuses = tasks.map((t) => computeTaskStatus({ deadline: t.deadline ?? null, completedOn: t.completedOn ?? null, state: t.state }));
      const expected = { taskCount: tasks.length, completedCount: statuses.filter((s) => s.completed).length, overdueCount: statuses.filter((s) => s.code === "open_overdue").length };
      expect({ id: d.id, ...(counted.get(d.id) ?? { taskCount: 0, completedCount: 0, overdueCount: 0 }) }).toEqual({ id: d.id, ...expected });
    }
    const { directives: listed } = await listDirectivesFor(users.vanphong, { q: "24-CT/TU", year: 2023, issuer: "Thường vụ Thành ủy" });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ label: "24-CT/TU", taskCount: 9, completedCount: 2, overdueCount: 1 });
  });

  test("filters by kind, status, year, issuer and words of the summary; numbers sort as numbers", async () => {
    const { users } = demo;
    const year = Number(hanoiDay(-5).slice(0, 4));
    await create(directiveForm({ kind: "KH", number: "5/KH-UBND", issuer: "UBND Thành phố Hà Nội", summary: "Kế hoạch triển khai thí điểm sắp xếp đơn vị hành chính" }));
    await create(directiveForm({ kind: "KH", number: "123/KH-UBND", issuer: "UBND Thành phố Hà Nội", summary: "Kế hoạch triển khai thí điểm chính quyền số" }));
    await create(directiveForm({ kind: "KH", number: "24/KH-UBND", issuer: "UBND Thành phố Hà Nội", summary: "Kế hoạch triển khai thí điểm dịch vụ công" }));

    const kh = await listDirectivesFor(users.vanphong, { kind: "KH", year, sort: "number_asc" });
    expect(kh.directives.map((d) => d.label)).toEqual(["05/KH-UBND", "24/KH-UBND", "123/KH-UBND"]);
    const desc = await listDirectivesFor(users.vanphong, { kind: "KH", year, sort: "number_desc" });
    expect(desc.directives.map((d) => d.label)).toEqual(["123/KH-UBND", "24/KH-UBND", "05/KH-UBND"]);
    expect((await listDirectivesFor(users.vanphong, { q: "thí điểm chính quyền" })).directives.map((d) => d.label)).toEqual(["123/KH-UBND"]);
    expect((await listDirectivesFor(users.vanphong, { q: "123/KH-UBND" })).directives.map((d) => d.label)).toEqual(["123/KH-UBND"]);
    expect((await listDirectivesFor(users.vanphong, { q: "100%_\\" })).directives).toEqual([]);
    expect((await listDirectivesFor(users.vanphong, { kind: "KL" })).directives.map((d) => d.label)).toEqual(["86-KL/BCSĐ"]);
    expect((await listDirectivesFor(users.vanphong, { status: "expired" })).directives.every((d) => d.status === "expired")).toBe(true);
    const byDate = await listDirectivesFor(users.vanphong, { sort: "date_asc" });
    const dates = byDate.directives.map((d) => d.issuedOn);
    expect(dates).toEqual([...dates].sort());
    expect(byDate.years).toContain(2023);
  });
});

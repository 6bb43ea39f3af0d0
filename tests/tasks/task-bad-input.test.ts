// Bad input to the task forms over HTTP: every refusal is a 400 (or 413 for an
// oversized file) with a Vietnamese message, never a 500, and leaves no row
// (tasks, reports, documents, extension requests, audit events …) and no file
// in UPLOAD_DIR behind.
import type { CurrentUser } from "../../app/lib/current-user";
import { createTasks } from "../../app/services/tasks.server";
import { getDb, type Task } from "../../models";
import { elfExecutable, minimalPdf, minimalPng, windowsExecutable } from "../documents/fixtures";
import { createDirective, createTask } from "../factories";
import { postForm, signInAs, startTestServer, type TestServer } from "../helpers/server";
import { actorFor, hanoiDay, vnDate } from "../meetings/helpers";
import { editTaskPath, NEW_TASK_PATH, NO_SOURCE, postStreamingEvidence, postTaskMultipart, snapshot, taskActionPath, taskRow, type ActionJson } from "./helpers";

const MB = 1024 * 1024;
const VIETNAMESE = /[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;

describe("task forms refuse bad input and write nothing", () => {
  let server: TestServer;
  let base: string;
  const cookies: Record<string, string> = {};
  let vanphong: CurrentUser;
  let units: { stttt: number; badinh: number };
  let task: Task;

  beforeAll(async () => {
    server = await startTestServer();
    base = server.baseUrl;
    const db = getDb();
    for (const u of ["vanphong", "chuyenvien", "chutich"]) cookies[u] = await signInAs(base, u);
    vanphong = await actorFor(db, "vanphong");
    const unitId = async (code: string) => (await db.Unit.findOne({ where: { code } }))!.id;
    units = { stttt: await unitId("STTTT"), badinh: await unitId("Q-BADINH") };
    [task] = await createTasks({ actor: vanphong, source: NO_SOURCE, rows: [taskRow(units.stttt, { coordinatingUnitIds: [units.badinh] })] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const reportProgressOver = async (taskId: number, value: string) => {
    const res = await postForm(base, taskActionPath(taskId, "progress"), { intent: "progress", progress: value, note: "Báo cáo tiến độ định kỳ" }, cookies.chuyenvien);
    expect(res.status).toBe(200);
  };

  /** Runs `send`, expects `status` with a Vietnamese JSON answer, and that nothing at all was written. */
  async function refused(send: () => Promise<Response>, status: number, check: (body: ActionJson) => void = () => {}) {
    const before = await snapshot(getDb());
    const res = await send();
    expect(res.status).toBe(status);
    const body = (await res.json()) as ActionJson;
    expect(body.ok).toBe(false);
    expect(body.message).toMatch(VIETNAMESE);
    for (const m of Object.values(body.fields ?? {})) expect(m).toMatch(VIETNAMESE);
    check(body);
    expect(await snapshot(getDb())).toEqual(before);
    return body;
  }

  describe("assigning (/tasks/new)", () => {
    const valid = () => ({ content: "Triển khai nền tảng họp không giấy tờ tại các sở, ngành", leadUnitId: String(units.stttt), deadlineKind: "date", deadline: hanoiDay(10) });
    const post = (form: Record<string, string | string[]>, who = "vanphong") => postForm(base, NEW_TASK_PATH, form, cookies[who]);

    test("the valid form is accepted (so each case below fails for its own reason)", async () => {
      const before = await getDb().Task.count();
      const res = await post(valid());
      expect(res.status).toBe(204);
      expect(res.headers.get("x-remix-redirect")).toMatch(/^\/tasks\/\d+\?created=1$/);
      expect(await getDb().Task.count()).toBe(before + 1);
    });

    const cases: Array<[string, () => Record<string, string | string[]>, string, RegExp]> = [
      ["deadline in the past", () => ({ ...valid(), deadline: hanoiDay(-1) }), "deadline", /^Thời hạn không được trước ngày giao nhiệm vụ \(hôm nay\)\.$/],
      ["deadline not a date", () => ({ ...valid(), deadline: "31/02/2027" }), "deadline", /^Thời hạn không hợp lệ \(dd\/mm\/yyyy\)\.$/],
      ["deadline missing", () => ({ ...valid(), deadline: "" }), "deadline", /^Vui lòng nhập thời hạn\.$/],
      ["unknown lead unit", () => ({ ...valid(), leadUnitId: "999999" }), "leadUnitId", /^Đơn vị chủ trì không tồn tại hoặc đã ngừng hoạt động\.$/],
      ["lead unit not a number", () => ({ ...valid(), leadUnitId: "abc" }), "leadUnitId", /^Vui lòng chọn đơn vị chủ trì\.$/],
      ["unknown coordinating unit", () => ({ ...valid(), coordinatingUnitIds: [String(units.badinh), "999999"] }), "coordinatingUnitIds", /^Có đơn vị phối hợp không tồn tại/],
      ["unknown owner", () => ({ ...valid(), ownerId: "999999" }), "ownerId", /^Người phụ trách không tồn tại hoặc đã ngừng hoạt động\.$/],
      ["coordinating = lead", () => ({ ...valid(), coordinatingUnitIds: [String(units.stttt)] }), "coordinatingUnitIds", /^Đơn vị chủ trì không đồng thời là đơn vị phối hợp\.$/],
      ["recurring without recurrence", () => ({ ...valid(), deadlineKind: "recurring" }), "recurrence", /^Vui lòng chọn chu kỳ báo cáo\.$/],
      ["recurring with an unknown recurrence", () => ({ ...valid(), deadlineKind: "recurring", recurrence: "weekly" }), "recurrence", /^Chu kỳ báo cáo không hợp lệ\.$/],
      ["unknown deadline kind", () => ({ ...valid(), deadlineKind: "someday" }), "deadlineKind", /^Vui lòng chọn loại thời hạn\.$/],
      ["content too short", () => ({ ...valid(), content: "abc" }), "content", /^Nội dung nhiệm vụ phải có ít nhất 5 ký tự\.$/],
      ["content with markup", () => ({ ...valid(), content: "Triển khai <script>alert(1)</script> ngay" }), "content", /không được chứa mã HTML hoặc script/],
      ["unknown directive", () => ({ ...valid(), directiveId: "999999" }), "directiveId", /^Văn bản giao nhiệm vụ không tồn tại\.$/],
      ["unknown parent task", () => ({ ...valid(), parentId: "999999" }), "parentId", /^Nhiệm vụ cha không tồn tại\.$/],
    ];
    test.each(cases)("%s → 400 with the field's message, nothing written", async (_name, form, field, message) => {
      await refused(() => post(form()), 400, (body) => expect(body.fields?.[field]).toMatch(message));
    });

    test("a deadline before the directive's (future) issue date → 400 naming that date", async () => {
      const issuedOn = hanoiDay(30);
      const directive = await createDirective(getDb(), { issuedOn, year: Number(issuedOn.slice(0, 4)) });
      await refused(
        () => post({ ...valid(), directiveId: String(directive.id), deadline: hanoiDay(20) }),
        400,
        (body) => expect(body.fields?.deadline).toBe(`Thời hạn không được trước ngày ban hành văn bản (${vnDate(issuedOn)}).`),
      );
      // On the issue date itself it is accepted.
      const ok = await post({ ...valid(), directiveId: String(directive.id), deadline: issuedOn });
      expect(ok.status).toBe(204);
    });

    test("staff may not assign: 403, nothing written", async () => {
      await refused(() => post(valid(), "chuyenvien"), 403, (body) => expect(body.message).toBe("Bạn không có quyền thực hiện thao tác này."));
    });
  });

  describe("editing (/tasks/:id/edit)", () => {
    test("a deadline before the directive's issue date, an unknown unit and a stale version are refused", async () => {
      const issuedOn = hanoiDay(30);
      const directive = await createDirective(getDb(), { issuedOn, year: Number(issuedOn.slice(0, 4)) });
      const [t] = await createTasks({ actor: vanphong, source: { ...NO_SOURCE, directiveId: directive.id }, rows: [taskRow(units.stttt, { deadline: hanoiDay(40) })] });
      const form = (over: Record<string, string>) => ({ content: t.content, leadUnitId: String(units.stttt), deadlineKind: "date", deadline: hanoiDay(40), version: String(t.version), ...over });
      await refused(() => postForm(base, editTaskPath(t.id), form({ deadline: hanoiDay(20) }), cookies.vanphong), 400, (b) => expect(b.fields?.deadline).toBe(`Thời hạn không được trước ngày ban hành văn bản (${vnDate(issuedOn)}).`));
      await refused(() => postForm(base, editTaskPath(t.id), form({ leadUnitId: "999999" }), cookies.vanphong), 400, (b) => expect(b.fields?.leadUnitId).toMatch(/không tồn tại/));
      // Saved in between (another tab): the old form gets 409 saying who changed what.
      const saved = await postForm(base, editTaskPath(t.id), form({ deadline: hanoiDay(45) }), cookies.vanphong);
      expect(saved.status).toBe(204);
      await refused(() => postForm(base, editTaskPath(t.id), form({ content: "Nội dung sửa trên trang cũ" }), cookies.vanphong), 409, (b) => {
        expect(b.message).toContain("bởi Trần Thu Hà");
        expect(b.message).toContain(`Thời hạn: ${vnDate(hanoiDay(40))} → ${vnDate(hanoiDay(45))}`);
      });
    });
  });

  describe("reports and requests (/tasks/:id)", () => {
    const progress = (form: Record<string, string>) => postForm(base, taskActionPath(task.id, "progress"), { intent: "progress", ...form }, cookies.chuyenvien);

    const progressCases: Array<[string, Record<string, string>, string, RegExp]> = [
      ["progress above 100", { progress: "150", note: "Đã triển khai" }, "progress", /^Tiến độ phải từ 0 đến 100%\.$/],
      ["progress below 0", { progress: "-1", note: "Đã triển khai" }, "progress", /^Tiến độ phải từ 0 đến 100%\.$/],
      ["progress not a number", { progress: "năm mươi", note: "Đã triển khai" }, "progress", /^Tiến độ phải là số từ 0 đến 100\.$/],
      ["progress not an integer", { progress: "50.5", note: "Đã triển khai" }, "progress", /^Tiến độ phải là số nguyên từ 0 đến 100\.$/],
      ["progress missing", { note: "Đã triển khai" }, "progress", /^Tiến độ phải là số từ 0 đến 100\.$/],
      ["note missing", { progress: "50" }, "note", /^Vui lòng nhập nội dung báo cáo\.$/],
      ["note blank", { progress: "50", note: "   " }, "note", /^Nội dung báo cáo phải có ít nhất 3 ký tự\.$/],
      ["note with markup", { progress: "50", note: "<img src=x onerror=alert(1)>" }, "note", /không được chứa mã HTML hoặc script/],
    ];
    test.each(progressCases)("progress report: %s → 400", async (_name, form, field, message) => {
      await refused(() => progress(form), 400, (body) => expect(body.fields?.[field]).toMatch(message));
    });

    // Regression (was a bug in app/schemas/task.ts:52, progress: z.coerce.number): Number("") is 0, so a cleared progress field is recorded as 0 %.
    test("progress report: an empty progress field → 400 (not silently 0 %)", async () => {
      const [own] = await createTasks({ actor: vanphong, source: NO_SOURCE, rows: [taskRow(units.stttt)] });
      await reportProgressOver(own.id, "40");
      await refused(() => postForm(base, taskActionPath(own.id, "progress"), { intent: "progress", progress: "", note: "Đã triển khai một phần" }, cookies.chuyenvien), 400, (body) => expect(body.fields?.progress).toBeTruthy());
    });

    test("completion report: a too short result → 400", async () => {
      const complete = (form: Record<string, string>) => postForm(base, taskActionPath(task.id, "complete"), { intent: "complete", ...form }, cookies.chuyenvien);
      await refused(() => complete({ result: "Xong", version: String(task.version) }), 400, (b) => expect(b.fields?.result).toBe("Kết quả thực hiện phải có ít nhất 5 ký tự."));
    });

    // BUG (app/schemas/task.ts:49, 62, 67, 72, 84, `version: z.coerce.number().int().nonnegative()` without messages):
    // a missing version answers 400 as it should, but fields.version is zod's English "Expected number, received nan".
    test("a missing version → 400 with a Vietnamese field message (complete, accept, return, decide-extension, edit)", async () => {
      const send: Array<() => Promise<Response>> = [
        () => postForm(base, taskActionPath(task.id, "complete"), { intent: "complete", result: "Đã hoàn thành toàn bộ" }, cookies.chuyenvien),
        () => postForm(base, taskActionPath(task.id, "accept"), { intent: "accept" }, cookies.vanphong),
        () => postForm(base, taskActionPath(task.id, "return"), { intent: "return", note: "Chưa đủ minh chứng" }, cookies.vanphong),
        () => postForm(base, taskActionPath(task.id, "decide-extension"), { intent: "decide-extension", requestId: "1", decision: "approve" }, cookies.vanphong),
        () => postForm(base, editTaskPath(task.id), { content: task.content, leadUnitId: String(units.stttt), deadlineKind: "date", deadline: hanoiDay(10) }, cookies.vanphong),
      ];
      for (const s of send) await refused(s, 400, (b) => expect(b.fields?.version).toMatch(VIETNAMESE));
    });

    test("extension request: not after the current deadline, not a date, in the past → 400", async () => {
      const extend = (taskId: number, form: Record<string, string>) => postForm(base, taskActionPath(taskId, "extend"), { intent: "extend", reason: "Chờ ý kiến thống nhất của các sở", ...form }, cookies.chuyenvien);
      const notAfter = `Thời hạn đề nghị phải sau thời hạn hiện tại (${vnDate(hanoiDay(10))}).`;
      await refused(() => extend(task.id, { requestedDeadline: hanoiDay(10) }), 400, (b) => expect(b.fields?.requestedDeadline).toBe(notAfter));
      await refused(() => extend(task.id, { requestedDeadline: hanoiDay(5) }), 400, (b) => expect(b.fields?.requestedDeadline).toBe(notAfter));
      await refused(() => extend(task.id, { requestedDeadline: "30/02/2027" }), 400, (b) => expect(b.fields?.requestedDeadline).toBe("Thời hạn đề nghị không hợp lệ (dd/mm/yyyy)."));
      await refused(() => extend(task.id, { requestedDeadline: hanoiDay(20), reason: "" }), 400, (b) => expect(b.fields?.reason).toMatch(/lý do xin gia hạn/i));
      // An overdue task: a new date after the old deadline but still in the past.
      const overdue = await createTask(getDb(), { leadUnitId: units.stttt, assignedById: vanphong.id, deadline: hanoiDay(-10) });
      await refused(() => extend(overdue.id, { requestedDeadline: hanoiDay(-5) }), 400, (b) => expect(b.fields?.requestedDeadline).toBe("Thời hạn đề nghị không được trong quá khứ."));
    });

    test("decisions: a missing reason to return, an unknown decision or request → 400/404", async () => {
      const decide = (form: Record<string, string>, intent = "decide-extension") => postForm(base, taskActionPath(task.id, intent), { intent, version: String(task.version), ...form }, cookies.vanphong);
      await refused(() => decide({ note: "" }, "return"), 400, (b) => expect(b.fields?.note).toMatch(/lý do trả lại/i));
      await refused(() => decide({ requestId: "1", decision: "maybe" }), 400, (b) => expect(b.fields?.decision).toBe("Quyết định không hợp lệ."));
      await refused(() => decide({ requestId: "abc", decision: "approve" }), 400, (b) => expect(b.fields?.requestId).toBe("Đề nghị gia hạn không hợp lệ."));
      await refused(() => decide({ requestId: "999999", decision: "approve" }), 404, (b) => expect(b.message).toBe("Không tìm thấy đề nghị gia hạn."));
    });

    test("a malformed intent → 400 «Thao tác không hợp lệ.»", async () => {
      const msg = (b: ActionJson) => expect(b.message).toBe("Thao tác không hợp lệ.");
      await refused(() => postForm(base, taskActionPath(task.id), { intent: "delete-everything" }, cookies.vanphong), 400, msg);
      await refused(() => postForm(base, taskActionPath(task.id), {}, cookies.vanphong), 400, msg);
      await refused(() => postForm(base, taskActionPath(task.id), { intent: ["progress", "accept"], progress: "10", note: "Hai thao tác" }, cookies.chuyenvien), 400, msg);
      await refused(() => postForm(base, taskActionPath(task.id, "rename"), { intent: "rename" }, cookies.vanphong), 400, msg);
    });

    // Regression (was a bug in app/routes/tasks.$id.tsx:47 and :51, `intent in UPLOAD_INTENTS`): `in` also finds Object.prototype's keys, so
    // ?intent=constructor / toString / __proto__ is taken for an upload intent and answered 403 (even to the secretariat) instead of 400.
    test("an intent naming an Object.prototype key (?intent=constructor) → 400, not 403", async () => {
      for (const intent of ["constructor", "toString", "__proto__"]) {
        await refused(() => postForm(base, taskActionPath(task.id, intent), { intent }, cookies.vanphong), 400);
      }
    });

    describe("evidence files", () => {
      const parts = (files: Array<{ filename: string; content: Buffer }>) => [
        { name: "intent", value: "progress" },
        { name: "progress", value: "60" },
        { name: "note", value: "Đã triển khai 60%, kèm minh chứng" },
        ...files.map((f) => ({ name: "files", ...f })),
      ];
      const upload = (files: Array<{ filename: string; content: Buffer }>, intent = "progress") => postTaskMultipart(base, task.id, intent, parts(files), cookies.chuyenvien);

      test("an .exe renamed .pdf → 400 naming what the content really is", async () => {
        await refused(() => upload([{ filename: "Báo cáo tiến độ.pdf", content: windowsExecutable() }]), 400, (b) =>
          expect(b.message).toBe("Tệp «Báo cáo tiến độ.pdf» không phải PDF/DOCX/XLSX/PPTX hoặc ảnh (nội dung là chương trình Windows (EXE))."),
        );
        await refused(() => upload([{ filename: "ảnh hiện trường.png", content: elfExecutable() }]), 400, (b) => expect(b.message).toMatch(/nội dung là chương trình Linux \(ELF\)/));
        await refused(() => upload([{ filename: "bao-cao.exe", content: minimalPdf() }]), 400, (b) => expect(b.message).toBe("Tệp «bao-cao.exe» có phần mở rộng .exe nhưng nội dung là PDF; vui lòng đổi tên tệp cho đúng loại."));
        await refused(() => upload([{ filename: "rỗng.pdf", content: Buffer.alloc(0) }]), 400, (b) => expect(b.message).toBe("Tệp «rỗng.pdf» rỗng."));
      });

      test("one bad file among good ones → 400 and none of them is stored", async () => {
        await refused(() => upload([{ filename: "tốt.pdf", content: minimalPdf() }, { filename: "ảnh.png", content: minimalPng() }, { filename: "xấu.pdf", content: windowsExecutable() }]), 400);
      });

      test("more than 10 evidence files → 400, none stored", async () => {
        const many = Array.from({ length: 11 }, (_, i) => ({ filename: `minh-chung-${i + 1}.pdf`, content: minimalPdf(`So ${i + 1}`) }));
        await refused(() => upload(many), 400, (b) => expect(b.fields?.file).toBe("Tối đa 10 tệp minh chứng mỗi lần báo cáo."));
      });

      test("a file attached to an action that takes none → 400, nothing stored", async () => {
        await refused(() => postTaskMultipart(base, task.id, "extend", [{ name: "intent", value: "extend" }, { name: "requestedDeadline", value: hanoiDay(20) }, { name: "reason", value: "Kèm tệp không cần thiết" }, { name: "files", filename: "a.pdf", content: minimalPdf() }], cookies.chuyenvien), 400, (b) =>
          expect(b.fields?.files).toBe("Thao tác này không nhận tệp đính kèm."),
        );
      });

      test("an evidence file over 50 MB (streamed, no Content-Length) → 413, no row, no file", async () => {
        await refused(
          () => postStreamingEvidence(base, task.id, "progress", { intent: "progress", progress: "70", note: "Kèm hồ sơ rất lớn" }, { filename: "Hồ sơ rất lớn.pdf", fileBytes: 50 * MB + 64 * 1024, cookie: cookies.chuyenvien }),
          413,
          (b) => expect(b.message).toBe("Tệp «Hồ sơ rất lớn.pdf» vượt quá dung lượng cho phép (tối đa 50 MB mỗi lần tải lên)."),
        );
      }, 60_000);

      test("the same report with a real PDF goes through (the cases above fail for their file only)", async () => {
        const db = getDb();
        const before = await snapshot(db);
        const res = await upload([{ filename: "Minh chứng.pdf", content: minimalPdf() }]);
        expect(res.status).toBe(200);
        const after = await snapshot(db);
        expect(after.reports).toBe(before.reports + 1);
        expect(after.documents).toBe(before.documents + 1);
        expect(after.files.length).toBe(before.files.length + 1);
      });
    });
  });
});

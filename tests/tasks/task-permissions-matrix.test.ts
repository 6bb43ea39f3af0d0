// People × actions on real tasks, through the services and through the task
// page's HTTP actions: who sees a task, who reports on it, who decides on it,
// who edits it. A task one may not see answers 404 (its existence does not
// leak), one visible but not one's to act on answers 403, and a refused action
// writes nothing.
import type { CurrentUser } from "../../app/lib/current-user";
import { AppError, ForbiddenError, NotFoundError } from "../../app/lib/errors";
import { getTaskFor } from "../../app/services/task-queries.server";
import { acceptCompletion, decideExtension, reportCompletion, reportProgress, requestExtension, returnCompletion, updateTask } from "../../app/services/tasks.server";
import { getDb, type Task } from "../../models";
import { minimalPdf } from "../documents/fixtures";
import { createTask, createUnit, createUser, DEFAULT_PASSWORD } from "../factories";
import { get, postForm, signInAs, startTestServer, type TestServer } from "../helpers/server";
import { actorFor, hanoiDay } from "../meetings/helpers";
import { editTaskPath, postTaskMultipart, snapshot, taskActionPath, taskRow, type ActionJson } from "./helpers";

const PEOPLE = ["lead", "coord", "unrelated", "owner", "assigner", "secretariat", "leader", "member", "viewer", "admin"] as const;
type Person = (typeof PEOPLE)[number];
const ACTIONS = ["progress", "complete", "extend", "accept", "return", "decide-extension", "edit"] as const;
type TaskAction = (typeof ACTIONS)[number];

/** The rule under test, written out as the sets the issue lists. */
const SEES = new Set<Person>(["lead", "coord", "owner", "assigner", "secretariat", "leader"]);
const ALLOWED: Record<TaskAction, Set<Person>> = {
  progress: new Set(["lead", "coord", "owner"]),
  complete: new Set(["lead", "owner"]),
  extend: new Set(["lead", "owner"]),
  accept: new Set(["assigner", "secretariat", "leader"]),
  return: new Set(["assigner", "secretariat", "leader"]),
  "decide-extension": new Set(["assigner", "secretariat", "leader"]),
  edit: new Set(["assigner", "secretariat"]),
};
const expected = (p: Person, a: TaskAction) => (!SEES.has(p) ? 404 : ALLOWED[a].has(p) ? 200 : 403);

const NOT_FOUND = "Không tìm thấy nhiệm vụ.";
const FORBIDDEN = "Bạn không có quyền thực hiện thao tác này.";

describe("task permissions: people × actions", () => {
  let server: TestServer;
  const actors = {} as Record<Person, CurrentUser>;
  const cookies = {} as Record<Person, string>;
  let units: { stttt: number; badinh: number; vp: number };
  let content = 0;

  beforeAll(async () => {
    server = await startTestServer();
    const db = getDb();
    const unitId = async (code: string) => (await db.Unit.findOne({ where: { code } }))!.id;
    units = { stttt: await unitId("STTTT"), badinh: await unitId("Q-BADINH"), vp: await unitId("VP-UBND") };
    // The assigner keeps the assigner's rights on tasks given when they held a leading post: a member of a unit unrelated to the task.
    const assigner = await createUser(db, { fullName: "Lê Văn Giao", roles: ["member"], unitId: (await createUnit(db, { name: "Ban Quản lý dự án thử nghiệm" })).id });
    const viewer = await createUser(db, { fullName: "Người xem báo cáo", roles: ["viewer"] });
    const usernames: Record<Person, string> = {
      lead: "chuyenvien", // staff of STTTT, the lead unit
      coord: "badinh", // staff of Q-BADINH, a coordinating unit
      unrelated: "tuphap", // staff of STP
      owner: "pgdkhdt", // staff of SKHDT, named person in charge
      assigner: assigner.username,
      secretariat: "vanphong",
      leader: "chutich",
      member: "thanhvien", // member of SNV
      viewer: viewer.username,
      admin: "admin", // admin of VP-UBND: no task rights of its own
    };
    for (const p of PEOPLE) {
      actors[p] = await actorFor(db, usernames[p]);
      cookies[p] = await signInAs(server.baseUrl, usernames[p], p === "assigner" || p === "viewer" ? DEFAULT_PASSWORD : undefined);
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** A fresh task of STTTT (Q-BADINH coordinating, pgdkhdt in charge) in the state the action needs. */
  async function taskFor(action: TaskAction): Promise<{ task: Task; requestId: number | null }> {
    const db = getDb();
    const task = await createTask(db, {
      content: `Ma trận quyền nhiệm vụ số ${++content}`,
      leadUnitId: units.stttt,
      coordinatingUnitIds: [units.badinh],
      ownerId: actors.owner.id,
      assignedById: actors.assigner.id,
      deadline: hanoiDay(10),
    });
    let requestId: number | null = null;
    if (action === "accept" || action === "return") {
      await reportCompletion({ actor: actors.lead, taskId: task.id, result: "Đã hoàn thành toàn bộ nội dung được giao", version: task.version });
    }
    if (action === "decide-extension") {
      requestId = (await requestExtension({ actor: actors.lead, taskId: task.id, requestedDeadline: hanoiDay(20), reason: "Chờ ý kiến thống nhất của các sở" })).id;
    }
    await task.reload();
    return { task, requestId };
  }

  const rowOf = async (id: number) => {
    const t = await getDb().Task.findByPk(id);
    return { version: t!.version, progress: t!.progress, state: t!.state, deadline: t!.deadline, content: t!.content, completedOn: t!.completedOn };
  };

  function viaService(action: TaskAction, actor: CurrentUser, task: Task, requestId: number | null): Promise<unknown> {
    const taskId = task.id;
    const version = task.version;
    switch (action) {
      case "progress":
        return reportProgress({ actor, taskId, progress: 30, note: "Đã triển khai 30% khối lượng công việc" });
      case "complete":
        return reportCompletion({ actor, taskId, result: "Đã hoàn thành toàn bộ nội dung được giao", version });
      case "extend":
        return requestExtension({ actor, taskId, requestedDeadline: hanoiDay(20), reason: "Chờ ý kiến thống nhất của các sở" });
      case "accept":
        return acceptCompletion({ actor, taskId, version });
      case "return":
        return returnCompletion({ actor, taskId, note: "Chưa đủ hồ sơ minh chứng", version });
      case "decide-extension":
        return decideExtension({ actor, taskId, requestId: requestId!, decision: "approve", version });
      case "edit":
        return updateTask({ actor, taskId, version, input: taskRow(units.stttt, { content: task.content, coordinatingUnitIds: [units.badinh], ownerId: actors.owner.id, deadline: hanoiDay(15) }) });
    }
  }

  function viaHttp(action: TaskAction, cookie: string, task: Task, requestId: number | null) {
    const base = server.baseUrl;
    const version = String(task.version);
    switch (action) {
      case "progress":
        return postForm(base, taskActionPath(task.id, action), { intent: action, progress: "30", note: "Đã triển khai 30% khối lượng công việc" }, cookie);
      case "complete":
        return postForm(base, taskActionPath(task.id, action), { intent: action, result: "Đã hoàn thành toàn bộ nội dung được giao", version }, cookie);
      case "extend":
        return postForm(base, taskActionPath(task.id, action), { intent: action, requestedDeadline: hanoiDay(20), reason: "Chờ ý kiến thống nhất của các sở" }, cookie);
      case "accept":
        return postForm(base, taskActionPath(task.id, action), { intent: action, version }, cookie);
      case "return":
        return postForm(base, taskActionPath(task.id, action), { intent: action, note: "Chưa đủ hồ sơ minh chứng", version }, cookie);
      case "decide-extension":
        return postForm(base, taskActionPath(task.id, action), { intent: action, requestId: String(requestId), decision: "approve", version }, cookie);
      case "edit":
        return postForm(
          base,
          editTaskPath(task.id),
          { content: task.content, leadUnitId: String(units.stttt), coordinatingUnitIds: [String(units.badinh)], ownerId: String(actors.owner.id), deadlineKind: "date", deadline: hanoiDay(15), version },
          cookie,
        );
    }
  }

  /** What the allowed action leaves on the task. */
  async function expectDone(action: TaskAction, taskId: number, who: Person) {
    const db = getDb();
    const t = (await db.Task.findByPk(taskId))!;
    const label = [action, who];
    if (action === "progress") expect([...label, t.progress, t.state]).toEqual([...label, 30, "in_progress"]);
    if (action === "complete") expect([...label, t.state, t.progress]).toEqual([...label, "reported", 100]);
    if (action === "extend") expect([...label, await db.ExtensionRequest.count({ where: { taskId, status: "pending", requestedById: actors[who].id } })]).toEqual([...label, 1]);
    if (action === "accept") expect([...label, t.state, t.completedOn]).toEqual([...label, "completed", hanoiDay(0)]);
    if (action === "return") expect([...label, t.state, await db.TaskReport.count({ where: { taskId, kind: "returned", authorId: actors[who].id } })]).toEqual([...label, "in_progress", 1]);
    if (action === "decide-extension") expect([...label, t.deadline, t.originalDeadline]).toEqual([...label, hanoiDay(20), hanoiDay(10)]);
    if (action === "edit") expect([...label, t.deadline]).toEqual([...label, hanoiDay(15)]);
    // Every operation leaves an audit event by its actor.
    expect(await db.AuditEvent.count({ where: { entityType: "task", entityId: taskId, actorId: actors[who].id } })).toBeGreaterThan(0);
  }

  test.each(ACTIONS)("services: %s — allowed, 403 when visible but not one's to do, 404 when invisible; refusals write nothing", async (action) => {
    for (const who of PEOPLE) {
      const { task, requestId } = await taskFor(action);
      const before = { ...(await snapshot(getDb())), row: await rowOf(task.id) };
      const want = expected(who, action);
      let status = 200;
      let message = "";
      try {
        await viaService(action, actors[who], task, requestId);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        status = e.status;
        message = e.message;
        expect(e).toBeInstanceOf(want === 404 ? NotFoundError : ForbiddenError);
      }
      expect([action, who, status]).toEqual([action, who, want]);
      if (want === 200) await expectDone(action, task.id, who);
      else {
        expect([action, who, message]).toEqual([action, who, want === 404 ? NOT_FOUND : FORBIDDEN]);
        expect({ ...(await snapshot(getDb())), row: await rowOf(task.id) }).toEqual(before);
      }
    }
  });

  test.each(ACTIONS)("HTTP: POST %s answers 200/403/404 with the Vietnamese message; refusals write nothing", async (action) => {
    for (const who of PEOPLE) {
      const { task, requestId } = await taskFor(action);
      const before = { ...(await snapshot(getDb())), row: await rowOf(task.id) };
      const want = expected(who, action);
      const res = await viaHttp(action, cookies[who], task, requestId);
      // A successful edit redirects back to the task (a fetcher sees 204 + X-Remix-Redirect).
      const status = action === "edit" && res.status === 204 && res.headers.get("x-remix-redirect") === `/tasks/${task.id}` ? 200 : res.status;
      expect([action, who, status]).toEqual([action, who, want]);
      if (want === 200) {
        if (action !== "edit") expect(((await res.json()) as ActionJson).ok).toBe(true);
        await expectDone(action, task.id, who);
      } else {
        const body = (await res.json()) as ActionJson;
        expect([action, who, body.ok, body.message]).toEqual([action, who, false, want === 404 ? NOT_FOUND : FORBIDDEN]);
        expect({ ...(await snapshot(getDb())), row: await rowOf(task.id) }).toEqual(before);
      }
    }
  });

  test("the task page: 200 for who may see it, 404 without its content for anyone else; the edit page 403/404", async () => {
    const { task } = await taskFor("progress");
    for (const who of PEOPLE) {
      const page = await get(server.baseUrl, `/tasks/${task.id}`, cookies[who]);
      const html = await page.text();
      expect([who, page.status]).toEqual([who, SEES.has(who) ? 200 : 404]);
      expect([who, html.includes(task.content)]).toEqual([who, SEES.has(who)]);
      if (!SEES.has(who)) expect(html).toContain(NOT_FOUND);

      const edit = await get(server.baseUrl, `/tasks/${task.id}/edit`, cookies[who]);
      expect([who, "edit", edit.status]).toEqual([who, "edit", !SEES.has(who) ? 404 : ALLOWED.edit.has(who) ? 200 : 403]);
      const editHtml = await edit.text();
      if (edit.status === 403) expect(editHtml).toContain("Chỉ người giao nhiệm vụ hoặc Văn phòng được sửa nhiệm vụ này.");
      if (edit.status === 404) expect(editHtml).not.toContain(task.content);
    }
    // A task that does not exist looks exactly like one that is hidden.
    for (const path of ["/tasks/99999999", "/tasks/abc", "/tasks/0"]) {
      const res = await get(server.baseUrl, path, cookies.secretariat);
      expect([path, res.status]).toEqual([path, 404]);
    }
    const missing = await postForm(server.baseUrl, taskActionPath(99999999, "progress"), { intent: "progress", progress: "10", note: "Báo cáo thử" }, cookies.secretariat);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ActionJson).message).toBe(NOT_FOUND);
  });

  test("what the page offers (viewer rights) matches what the actions allow", async () => {
    const open = await taskFor("progress");
    const reported = await taskFor("accept");
    const extension = await taskFor("decide-extension");
    for (const who of PEOPLE) {
      if (!SEES.has(who)) {
        await expect(getTaskFor(actors[who], open.task.id)).rejects.toBeInstanceOf(NotFoundError);
        continue;
      }
      const v = (await getTaskFor(actors[who], open.task.id)).viewer;
      expect([who, v.canReportProgress, v.canReportCompletion, v.canRequestExtension, v.canEdit]).toEqual([
        who,
        ALLOWED.progress.has(who),
        ALLOWED.complete.has(who),
        ALLOWED.extend.has(who),
        ALLOWED.edit.has(who),
      ]);
      expect([who, "accept", (await getTaskFor(actors[who], reported.task.id)).viewer.canDecideCompletion]).toEqual([who, "accept", ALLOWED.accept.has(who)]);
      expect([who, "complete again", (await getTaskFor(actors[who], reported.task.id)).viewer.canReportCompletion]).toEqual([who, "complete again", false]);
      const ext = (await getTaskFor(actors[who], extension.task.id)).viewer;
      expect([who, ext.canDecideExtension, ext.canRequestExtension]).toEqual([who, ALLOWED["decide-extension"].has(who), false]);
    }
  });

  test("nobody decides on their own completion report or extension request, not even the secretariat", async () => {
    const db = getDb();
    const phochutich = await actorFor(db, "phochutich");
    // A task of the Văn phòng itself: vanphong carries it and reports on it.
    const mk = () => createTask(db, { content: `Nhiệm vụ của Văn phòng số ${++content}`, leadUnitId: units.vp, assignedById: actors.leader.id, deadline: hanoiDay(10) });

    const t1 = await mk();
    await reportCompletion({ actor: actors.secretariat, taskId: t1.id, result: "Văn phòng đã hoàn thành nhiệm vụ", version: t1.version });
    await t1.reload();
    expect((await getTaskFor(actors.secretariat, t1.id)).viewer.canDecideCompletion).toBe(false);
    let before = { ...(await snapshot(db)), row: await rowOf(t1.id) };
    await expect(acceptCompletion({ actor: actors.secretariat, taskId: t1.id, version: t1.version })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(returnCompletion({ actor: actors.secretariat, taskId: t1.id, note: "Tự trả lại", version: t1.version })).rejects.toBeInstanceOf(ForbiddenError);
    for (const intent of ["accept", "return"]) {
      const res = await postForm(server.baseUrl, taskActionPath(t1.id, intent), { intent, note: "Tự quyết định", version: String(t1.version) }, cookies.secretariat);
      expect([intent, res.status]).toEqual([intent, 403]);
      expect(((await res.json()) as ActionJson).message).toBe(FORBIDDEN);
    }
    expect({ ...(await snapshot(db)), row: await rowOf(t1.id) }).toEqual(before);
    // The leader who assigned it decides.
    expect((await getTaskFor(actors.leader, t1.id)).viewer.canDecideCompletion).toBe(true);
    await acceptCompletion({ actor: actors.leader, taskId: t1.id, version: t1.version });
    expect((await rowOf(t1.id)).state).toBe("completed");

    const t2 = await mk();
    const req = await requestExtension({ actor: actors.secretariat, taskId: t2.id, requestedDeadline: hanoiDay(25), reason: "Văn phòng cần thêm thời gian tổng hợp" });
    await t2.reload();
    expect((await getTaskFor(actors.secretariat, t2.id)).viewer.canDecideExtension).toBe(false);
    before = { ...(await snapshot(db)), row: await rowOf(t2.id) };
    await expect(decideExtension({ actor: actors.secretariat, taskId: t2.id, requestId: req.id, decision: "approve", version: t2.version })).rejects.toBeInstanceOf(ForbiddenError);
    const res = await postForm(server.baseUrl, taskActionPath(t2.id, "decide-extension"), { intent: "decide-extension", requestId: String(req.id), decision: "approve", version: String(t2.version) }, cookies.secretariat);
    expect(res.status).toBe(403);
    expect({ ...(await snapshot(db)), row: await rowOf(t2.id) }).toEqual(before);
    // Another leader, who did not assign it, may.
    await decideExtension({ actor: phochutich, taskId: t2.id, requestId: req.id, decision: "approve", version: t2.version });
    expect((await rowOf(t2.id)).deadline).toBe(hanoiDay(25));

    // The person in charge who is also the assigner does not accept their own report either.
    const t3 = await createTask(db, { content: `Nhiệm vụ tự giao số ${++content}`, leadUnitId: units.stttt, ownerId: phochutich.id, assignedById: phochutich.id, deadline: hanoiDay(10) });
    await reportCompletion({ actor: phochutich, taskId: t3.id, result: "Đã hoàn thành nội dung tự giao", version: t3.version });
    await t3.reload();
    await expect(acceptCompletion({ actor: phochutich, taskId: t3.id, version: t3.version })).rejects.toBeInstanceOf(ForbiddenError);
    await acceptCompletion({ actor: actors.secretariat, taskId: t3.id, version: t3.version });
  });

  test("an evidence upload by someone who may not report is refused before the body is read: no file, no row", async () => {
    const { task } = await taskFor("progress");
    const db = getDb();
    const before = { ...(await snapshot(db)), row: await rowOf(task.id) };
    const parts = [
      { name: "intent", value: "progress" },
      { name: "progress", value: "40" },
      { name: "note", value: "Báo cáo kèm minh chứng" },
      { name: "files", filename: "Minh chứng.pdf", content: minimalPdf() },
    ];
    for (const [who, intent, status] of [["unrelated", "progress", 404], ["secretariat", "progress", 403], ["coord", "complete", 403], ["viewer", "complete", 404]] as const) {
      const res = await postTaskMultipart(server.baseUrl, task.id, intent, intent === "complete" ? [{ name: "intent", value: "complete" }, { name: "result", value: "Hoàn thành kèm minh chứng" }, { name: "version", value: String(task.version) }, parts[3]] : parts, cookies[who]);
      expect([who, intent, res.status]).toEqual([who, intent, status]);
      expect(((await res.json()) as ActionJson).message).toBe(status === 404 ? NOT_FOUND : FORBIDDEN);
    }
    expect({ ...(await snapshot(db)), row: await rowOf(task.id) }).toEqual(before);
    // The coordinating unit reports its progress with the same evidence.
    const ok = await postTaskMultipart(server.baseUrl, task.id, "progress", parts, cookies.coord);
    expect(ok.status).toBe(200);
    expect(await db.Document.count()).toBe(before.documents + 1);
  });
});

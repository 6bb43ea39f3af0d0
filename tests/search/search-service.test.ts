// searchFor and the search index against a real database (SQLite, or MariaDB
// with TEST_DATABASE_URL): accent-insensitive matching, short words, the index
// following every write of the services (inside their transactions), rebuilds.
import * as Y from "yjs";
import { directiveFormSchema, editDirectiveSchema, parseDirectiveSubmission } from "../../app/schemas/directive";
import { addAgendaItem, removeAgendaItem, updateAgendaItem } from "../../app/services/agenda.server";
import { createDirective, updateDirective } from "../../app/services/directives.server";
import { scheduleMeeting, updateMeetingDetails, postponeMeeting } from "../../app/services/meetings.server";
import { loadMinutesState, storeMinutesState } from "../../app/services/minutes.server";
import { ensureSearchIndex, indexDirective, indexMeeting, indexMinutes, indexTask, reindexAll } from "../../app/services/search-index.server";
import { searchFor, type SearchResult } from "../../app/services/search.server";
import { createTasks, updateTask } from "../../app/services/tasks.server";
import type { Directive } from "../../models";
import * as f from "../factories";
import { asReadForm, directiveForm, hanoiDay, taskRow as formTaskRow } from "../directives/helpers";
import { closeDb } from "../helpers/db";
import { meetingInput, rejection, seedDemo, vnDate, type Demo } from "../meetings/helpers";
import { typeParagraph } from "../minutes/helpers";
import { NO_SOURCE, taskRow } from "../tasks/helpers";

let demo: Demo;

beforeAll(async () => {
  demo = await seedDemo();
});
afterAll(() => closeDb());

const group = (r: SearchResult, kind: string) => r.groups.find((g) => g.kind === kind)!;
const titles = (r: SearchResult, kind: string) => group(r, kind).hits.map((h) => h.title.text);
const ids = (r: SearchResult, kind: string) => group(r, kind).hits.map((h) => h.id);
const marked = (text: string, marks: Array<[number, number]>) => marks.map(([a, b]) => text.slice(a, b));

describe("accent-insensitive Vietnamese", () => {
  test.each(["chi thi 24 ky cuong", "Chỉ thị 24 kỷ cương", "CHI THI 24 KY CUONG", "chỉ thi 24 ky cương"])("«%s» finds Chỉ thị 24-CT/TU … kỷ cương, highlighted", async (q) => {
    const r = await searchFor(demo.users.vanphong, q);
    const d = group(r, "directive").hits[0];
    expect(d).toBeDefined();
    expect(d.title.text).toBe("Chỉ thị 24-CT/TU");
    expect(d.url).toMatch(/^\/directives\/\d+$/);
    expect(marked(d.title.text, d.title.marks)).toEqual(["Chỉ", "thị", "24"]);
    expect(d.excerpt!.text).toContain("kỷ cương");
    expect(marked(d.excerpt!.text, d.excerpt!.marks)).toEqual(expect.arrayContaining(["kỷ", "cương"]));
    expect(d.date).toBe("2023-08-07");
  });

  test("«dang» finds «Đảng» (the Ban Cán sự Đảng meetings), the Đ highlighted", async () => {
    const r = await searchFor(demo.users.vanphong, "dang");
    const meetings = group(r, "meeting").hits;
    expect(meetings.length).toBeGreaterThan(0);
    for (const h of meetings) expect(marked(h.title.text, h.title.marks).concat(marked(h.excerpt?.text ?? "", h.excerpt?.marks ?? [])).map((s) => s.toLowerCase())).toContain("đảng");
  });

  test("words of one or two letters (not in the FULLTEXT index) still match: «24», «d», «ct tu»", async () => {
    const r24 = await searchFor(demo.users.vanphong, "24");
    expect(titles(r24, "directive")).toContain("Chỉ thị 24-CT/TU");
    const rd = await searchFor(demo.users.vanphong, "d");
    expect(rd.total).toBeGreaterThan(0);
    const rct = await searchFor(demo.users.vanphong, "24 ct tu");
    expect(titles(rct, "directive")[0]).toBe("Chỉ thị 24-CT/TU");
  });

  test("every word must match; nothing found is an empty result, not an error", async () => {
    const r = await searchFor(demo.users.vanphong, "chi thi 24 ky cuong khongcotrongdulieu");
    expect(r.total).toBe(0);
    expect(r.groups.map((g) => g.kind)).toEqual(["meeting", "agenda_item", "directive", "task", "minutes"]);
  });

  test("the kind filter returns only that kind, more rows of it", async () => {
    const all = await searchFor(demo.users.vanphong, "nhiem vu");
    const tasks = await searchFor(demo.users.vanphong, "nhiem vu", { kind: "task" });
    expect(tasks.groups.filter((g) => g.kind !== "task").every((g) => g.count === 0)).toBe(true);
    expect(group(tasks, "task").hits.length).toBeGreaterThanOrEqual(group(all, "task").hits.length);
    expect(group(all, "task").hits.length).toBeLessThanOrEqual(5);
  });

  test("LIKE wildcards in the query are not wildcards; no letters or digits → empty without a query", async () => {
    expect((await searchFor(demo.users.vanphong, "%")).total).toBe(0);
    expect((await searchFor(demo.users.vanphong, "_ % \\")).words).toEqual([]);
    const withWildcards = await searchFor(demo.users.vanphong, "%24%_");
    expect(withWildcards.words).toEqual(["24"]);
  });

  test("relevance first: a title that holds every word comes before a text that only mentions it", async () => {
    const { db } = demo;
    const a = await f.createDirective(db, { summary: "Về phòng cháy chữa cháy nhà cao tầng Quỳnhlôi", issuedOn: "2020-01-01", year: 2020 });
    const b = await f.createTask(db, { content: "Kiểm tra hồ sơ ngày 12; lưu ý phòng cháy chữa cháy nhà cao tầng Quỳnhlôi", deadline: "2030-01-01" });
    const c = await f.createTask(db, { content: "Phòng cháy Quỳnhlôi chữa cháy", deadline: "2031-01-01" });
    await indexDirective(a.id);
    await indexTask([b.id, c.id]);
    const r = await searchFor(demo.users.vanphong, "quynhloi phong chay");
    expect(ids(r, "directive")).toEqual([a.id]);
    // both tasks hold every word in their title; the later deadline first
    expect(ids(r, "task")).toEqual([c.id, b.id]);
  });
});

describe("the index follows the services, inside their transactions", () => {
  test("scheduling and editing a meeting; postponing it moves its agenda items' date too", async () => {
    const { users } = demo;
    const m = await scheduleMeeting({ actor: users.vanphong, input: meetingInput(demo, { title: "Họp bàn phương án Xuânđỉnhmới", days: 45 }) });
    expect(ids(await searchFor(users.vanphong, "xuandinhmoi"), "meeting")).toEqual([m.id]);
    const item = await addAgendaItem({ actor: users.vanphong, meetingId: m.id, input: { title: "Báo cáo tiến độ Cổnhuếhai", description: "Phần trình bày về cầu Thượngcát", presenterUnitId: null, presenterUserId: null, durationMinutes: 20 } });
    const found = group(await searchFor(users.vanphong, "thuongcat"), "agenda_item").hits;
    expect(found.map((h) => h.id)).toEqual([item.id]);
    expect(found[0].context).toBe("Họp bàn phương án Xuânđỉnhmới");
    expect(found[0].url).toBe(`/meetings/${m.id}#item-${item.id}`);

    const current = (await demo.db.Meeting.findByPk(m.id))!;
    await updateMeetingDetails({ actor: users.vanphong, meetingId: m.id, input: meetingInput(demo, { title: "Họp bàn phương án Tâyhồtây", days: 45, version: current.version }) });
    expect(ids(await searchFor(users.vanphong, "xuandinhmoi"), "meeting")).toEqual([]);
    expect(ids(await searchFor(users.vanphong, "tayhotay"), "meeting")).toEqual([m.id]);

    await updateAgendaItem({ actor: users.vanphong, meetingId: m.id, itemId: item.id, input: { title: "Báo cáo tiến độ Cổnhuếmột", description: null, presenterUnitId: null, presenterUserId: null, durationMinutes: 20 } });
    expect(ids(await searchFor(users.vanphong, "thuongcat"), "agenda_item")).toEqual([]);
    expect(ids(await searchFor(users.vanphong, "conhuemot"), "agenda_item")).toEqual([item.id]);

    const fresh = (await demo.db.Meeting.findByPk(m.id))!;
    await postponeMeeting({ actor: users.vanphong, meetingId: m.id, date: hanoiDay(60), startTime: "14:00", endTime: "15:00", reason: "Chờ ý kiến các sở", version: fresh.version });
    const moved = await searchFor(users.vanphong, "conhuemot");
    expect(group(moved, "agenda_item").hits[0].date).toBe(hanoiDay(60));

    await removeAgendaItem({ actor: users.vanphong, meetingId: m.id, itemId: item.id });
    expect(ids(await searchFor(users.vanphong, "conhuemot"), "agenda_item")).toEqual([]);
  });

  test("recording and correcting a directive, and its tasks", async () => {
    const { users, units, db } = demo;
    const { input, tasks } = parseDirectiveSubmission(
      directiveFormSchema,
      asReadForm(directiveForm({ summary: "Về chỉnh trang vỉa hè phố Hàngchiếu", ...formTaskRow(0, { content: "Lập phương án Hàngchiếu trước Tết", leadUnitId: units.badinh.id, deadline: hanoiDay(20) }) })),
    );
    const d = await createDirective({ actor: users.vanphong, input, tasks });
    let r = await searchFor(users.vanphong, "hangchieu");
    expect(ids(r, "directive")).toEqual([d.id]);
    expect(group(r, "task").hits.map((h) => h.title.text)).toEqual(["Lập phương án Hàngchiếu trước Tết"]);

    const row = (await db.Directive.findByPk(d.id))!;
    await updateDirective({ actor: users.vanphong, directiveId: d.id, ...editOf(row, { summary: "Về chỉnh trang vỉa hè phố Hàngbuồm" }) });
    r = await searchFor(users.vanphong, "Hàngbuồm");
    expect(ids(r, "directive")).toEqual([d.id]);
    expect(ids(await searchFor(users.vanphong, "hangchieu"), "directive")).toEqual([]);

    const task = (await db.Task.findOne({ where: { directiveId: d.id } }))!;
    await updateTask({ actor: users.vanphong, taskId: task.id, version: task.version, input: taskRow(units.badinh.id, { content: "Lập phương án Hàngmắm trước Tết", deadline: hanoiDay(25) }) });
    expect(ids(await searchFor(users.vanphong, "hangmam"), "task")).toEqual([task.id]);
    expect(ids(await searchFor(users.vanphong, "hangchieu"), "task")).toEqual([]);

    const more = await createTasks({ actor: users.vanphong, source: NO_SOURCE, rows: [taskRow(units.stttt.id, { content: "Số hóa hồ sơ Hàngđào" }), taskRow(units.snv.id, { content: "Tập huấn Hàngđào" })] });
    expect(ids(await searchFor(users.vanphong, "hangdao"), "task").sort()).toEqual(more.map((t) => t.id).sort());
  });

  test("a refused write leaves no entry behind (the entry rolls back with the record)", async () => {
    const { users, units, db } = demo;
    const before = await db.SearchEntry.count();
    // the second row's deadline is before the issue date: the whole directive is refused after the directive row was written and indexed
    const { input, tasks } = parseDirectiveSubmission(
      directiveFormSchema,
      asReadForm(directiveForm({ summary: "Về việc Vânhồquay lại", ...formTaskRow(0, { content: "Việc một Vânhồ", leadUnitId: units.badinh.id, deadline: hanoiDay(20) }) })),
    );
    tasks.rows.push({ ...tasks.rows[0], content: "Việc hai Vânhồ", leadUnitId: 999_999 });
    tasks.indexes.push(1);
    await rejection(createDirective({ actor: users.vanphong, input, tasks }));
    expect(await db.SearchEntry.count()).toBe(before);
    expect((await searchFor(users.vanphong, "vanho")).total).toBe(0);
  });

  test("minutes: the snapshot's text is indexed when it is written; the visible text is what is searched", async () => {
    const { users, db } = demo;
    const m = await f.createMeeting(db, { bodyId: demo.ubnd.id, title: "Phiên họp thử biên bản", status: "convened" });
    await indexMeeting(m.id);
    const state = await loadMinutesState(m.id);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state!);
    typeParagraph(doc, "Đồng chí Chủ tịch kết luận: giao Sở Xây dựng khảo sát cầu Phúđôngba trước 30/6.");
    await storeMinutesState(m.id, Y.encodeStateAsUpdate(doc), { doc, final: true });
    doc.destroy();
    expect((await searchFor(users.vanphong, "phudongba khongco")).total).toBe(0);
    const hit = group(await searchFor(users.vanphong, "khao sat phudongba"), "minutes").hits;
    expect(hit.map((h) => h.id)).toEqual([m.id]);
    expect(hit[0].title.text).toBe("Biên bản: Phiên họp thử biên bản");
    expect(hit[0].url).toBe(`/meetings/${m.id}#minutes-title`);
    expect(marked(hit[0].excerpt!.text, hit[0].excerpt!.marks)).toEqual(["khảo", "sát", "Phúđôngba"]);
  });

  test("the excerpt of a long text is cut around the match, even 40 000 characters in", async () => {
    const { users, db } = demo;
    const m = await f.createMeeting(db, { bodyId: demo.ubnd.id, title: "Phiên họp biên bản dài", status: "ended" });
    const filler = "Các đại biểu thảo luận về tình hình kinh tế - xã hội của Thành phố. ".repeat(600);
    await db.Minutes.create({ meetingId: m.id, status: "final", text: `${filler}Kết luận: giao Sở Giao thông vận tải khảo sát nút giao Phápvânmới.\n${filler}` });
    await indexMeeting(m.id);
    await indexMinutes(m.id);
    const h = group(await searchFor(users.vanphong, "phapvanmoi"), "minutes").hits[0];
    expect(h.id).toBe(m.id);
    expect(h.excerpt!.text.startsWith("…")).toBe(true);
    expect(h.excerpt!.text.endsWith("…")).toBe(true);
    expect(marked(h.excerpt!.text, h.excerpt!.marks)).toEqual(["Phápvânmới"]);
  });

  test("a search right after a write sees it (the cached candidates are dropped on commit)", async () => {
    const { users, db } = demo;
    expect((await searchFor(users.vanphong, "lacbinhmoi")).total).toBe(0);
    const t = await f.createTask(db, { content: "Kiểm tra Lạcbìnhmới" });
    expect((await searchFor(users.vanphong, "lacbinhmoi")).total).toBe(0); // not indexed: written around the services
    await indexTask(t.id);
    expect(ids(await searchFor(users.vanphong, "lacbinhmoi"), "task")).toEqual([t.id]);
  });
});

describe("rebuilding", () => {
  test("reindexAll rebuilds every entry from the records and drops orphans; ensureSearchIndex fills an empty index once", async () => {
    const { db, users } = demo;
    const counts = { meeting: await db.Meeting.count(), agenda_item: await db.AgendaItem.count(), directive: await db.Directive.count(), task: await db.Task.count() };
    await db.SearchEntry.create({ kind: "task", entityId: 987_654, meetingId: null, title: "Mồcôi", folded: "mocoi", body: null, occurredOn: null, updatedAt: new Date() });
    const result = await reindexAll();
    expect(result).toMatchObject(counts);
    expect(await db.SearchEntry.count({ where: { kind: "task", entityId: 987_654 } })).toBe(0);
    const total = await db.SearchEntry.count();

    expect(await ensureSearchIndex()).toEqual({ built: false });
    await db.SearchEntry.destroy({ where: {} });
    expect((await searchFor(users.vanphong, "chi thi 24 ky cuong")).total).toBe(0);
    const built = await ensureSearchIndex();
    expect(built.built).toBe(true);
    expect(await db.SearchEntry.count()).toBe(total);
    expect(titles(await searchFor(users.vanphong, "chi thi 24 ky cuong"), "directive")[0]).toBe("Chỉ thị 24-CT/TU");
  });
});

function editOf(d: Directive, over: Record<string, string>) {
  const { version, ...input } = editDirectiveSchema.parse({
    kind: d.kind,
    number: d.numberFormat === "party" ? `${d.number}-${d.symbol}` : `${d.number}/${d.symbol}`,
    issuer: d.issuer,
    signer: d.signer ?? "",
    issuedOn: vnDate(d.issuedOn),
    summary: d.summary,
    body: d.body ?? "",
    confidentiality: d.confidentiality,
    sourceMeetingId: d.sourceMeetingId ? String(d.sourceMeetingId) : "",
    status: d.status,
    replacedById: "",
    version: String(d.version),
    ...over,
  });
  return { input, version };
}


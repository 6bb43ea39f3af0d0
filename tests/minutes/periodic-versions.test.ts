// "A snapshot every 10 minutes of activity" (issue #4): counted from the last
// version or, before the first one, from the minutes' creation — the first
// keystrokes of a new document do not make a version of the template.
import * as Y from "yjs";
import { loadMinutesState, storeMinutesState } from "../../app/services/minutes.server";
import type { Db } from "../../models";
import { createMeeting } from "../factories";
import { closeDb, resetDatabase } from "../helpers/db";
import { typeParagraph } from "./helpers";

let db: Db;
beforeAll(async () => {
  db = await resetDatabase();
});
afterAll(() => closeDb());
afterEach(() => jest.restoreAllMocks());

test("no periodic version while a new document is being typed; one after 10 minutes of editing, not two", async () => {
  const meeting = await createMeeting(db);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (await loadMinutesState(meeting.id))!);
  const minutesId = (await db.Minutes.findOne({ where: { meetingId: meeting.id } }))!.id;
  const periodic = () => db.MinutesVersion.count({ where: { minutesId, reason: "periodic" } });
  const typeAndStore = async (text: string) => {
    typeParagraph(doc, text);
    await storeMinutesState(meeting.id, Y.encodeStateAsUpdate(doc), { doc, final: false });
  };

  await typeAndStore("Đồng chí Chủ tịch phát biểu khai mạc.");
  await typeAndStore("Sở Nội vụ báo cáo.");
  expect(await periodic()).toBe(0);

  const now = Date.now();
  jest.spyOn(Date, "now").mockReturnValue(now + 11 * 60_000);
  await typeAndStore("Sở Tài chính báo cáo.");
  expect(await periodic()).toBe(1);
  await typeAndStore("Thảo luận.");
  expect(await periodic()).toBe(1);
  const version = await db.MinutesVersion.findOne({ where: { minutesId, reason: "periodic" } });
  expect(version!.html).toContain("Sở Tài chính báo cáo.");
});

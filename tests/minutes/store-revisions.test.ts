// A store of ongoing typing is one UPDATE conditional on minutes.state_rev
// (migration 0005): taken only while nobody wrote since this process did. When
// another process wrote in between, the store merges with what is stored, so
// neither process's edits are lost.
import * as Y from "yjs";
import { loadMinutesState, storeMinutesState } from "../../app/services/minutes.server";
import type { Db } from "../../models";
import { createMeeting } from "../factories";
import { closeDb, resetDatabase } from "../helpers/db";
import { fragmentText, typeParagraph } from "./helpers";

let db: Db;
beforeAll(async () => {
  db = await resetDatabase();
});
afterAll(() => closeDb());

const storedRow = (meetingId: number) => db.Minutes.findOne({ where: { meetingId } });
const storedText = async (meetingId: number) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array((await storedRow(meetingId))!.yjsState!));
  return fragmentText(doc);
};

test("every store of typing writes the state and counts a revision", async () => {
  const meeting = await createMeeting(db);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (await loadMinutesState(meeting.id))!);
  const created = (await storedRow(meeting.id))!.stateRev;
  for (const line of ["Khai mạc.", "Báo cáo.", "Thảo luận."]) {
    typeParagraph(doc, line);
    await storeMinutesState(meeting.id, Y.encodeStateAsUpdate(doc), { doc, final: false });
  }
  expect((await storedRow(meeting.id))!.stateRev).toBe(created + 3);
  expect(await storedText(meeting.id)).toContain("Thảo luận.");
});

test("a store after another process wrote merges with the stored state instead of overwriting it", async () => {
  const meeting = await createMeeting(db);
  const template = (await loadMinutesState(meeting.id))!;
  const ours = new Y.Doc();
  Y.applyUpdate(ours, template);
  typeParagraph(ours, "Ý kiến của Sở Tài chính.");
  await storeMinutesState(meeting.id, Y.encodeStateAsUpdate(ours), { doc: ours, final: false });

  // Another process, which loaded the same minutes, stores its own edit (as storeMinutesState there would).
  const theirs = new Y.Doc();
  Y.applyUpdate(theirs, template);
  typeParagraph(theirs, "Ý kiến của Sở Nội vụ.");
  const row = (await storedRow(meeting.id))!;
  const merged = Y.mergeUpdates([new Uint8Array(row.yjsState!), Y.encodeStateAsUpdate(theirs)]);
  await db.Minutes.update({ yjsState: Buffer.from(merged), stateRev: row.stateRev + 1 }, { where: { id: row.id } });

  typeParagraph(ours, "Kết luận của Chủ tịch.");
  await storeMinutesState(meeting.id, Y.encodeStateAsUpdate(ours), { doc: ours, final: false });
  const text = await storedText(meeting.id);
  expect(text).toContain("Ý kiến của Sở Nội vụ.");
  expect(text).toContain("Ý kiến của Sở Tài chính.");
  expect(text).toContain("Kết luận của Chủ tịch.");
  expect((await storedRow(meeting.id))!.stateRev).toBe(row.stateRev + 2);
});

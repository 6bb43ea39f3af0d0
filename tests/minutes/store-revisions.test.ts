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

// The snapshot (minutes.html/json/text) records the state revision it was rendered from (migration 0006).
// Snapshots of ongoing typing are also rate-limited (2 a second per process): each test first lets
// that budget refill, so only the snapshot's revision decides whether a store renders.
const snapshotBudgetRefilled = () => new Promise((resolve) => setTimeout(resolve, 1100));
test("a loaded snapshot that shows the stored state is not rendered again by the first store of typing", async () => {
  const meeting = await createMeeting(db);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (await loadMinutesState(meeting.id))!);
  const created = (await storedRow(meeting.id))!;
  expect(created.snapshotRev).toBe(created.stateRev);

  typeParagraph(doc, "Ý kiến của Sở Xây dựng.");
  await snapshotBudgetRefilled();
  await storeMinutesState(meeting.id, Y.encodeStateAsUpdate(doc), { doc, final: false });
  const typing = (await storedRow(meeting.id))!;
  expect(typing.stateRev).toBe(created.stateRev + 1);
  expect(typing.snapshotRev).toBe(created.stateRev);
  expect(typing.html).not.toContain("Sở Xây dựng");
  expect(await storedText(meeting.id)).toContain("Ý kiến của Sở Xây dựng.");

  // The last editor leaves: the final store renders what was typed.
  await storeMinutesState(meeting.id, Y.encodeStateAsUpdate(doc), { doc, final: true });
  const left = (await storedRow(meeting.id))!;
  expect(left.snapshotRev).toBe(left.stateRev);
  expect(left.html).toContain("Ý kiến của Sở Xây dựng.");
});

test("a snapshot left behind the state (the writer stopped between stores) is rendered by the first store after a load", async () => {
  const meeting = await createMeeting(db);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (await loadMinutesState(meeting.id))!);
  typeParagraph(doc, "Ý kiến của Sở Y tế.");
  await storeMinutesState(meeting.id, Y.encodeStateAsUpdate(doc), { doc, final: false });
  const stale = (await storedRow(meeting.id))!;
  expect(stale.snapshotRev).toBeLessThan(stale.stateRev);

  // A restarted process loads the stored state and typing goes on.
  const again = new Y.Doc();
  Y.applyUpdate(again, (await loadMinutesState(meeting.id))!);
  typeParagraph(again, "Ý kiến của Sở Giáo dục.");
  await snapshotBudgetRefilled();
  await storeMinutesState(meeting.id, Y.encodeStateAsUpdate(again), { doc: again, final: false });
  const row = (await storedRow(meeting.id))!;
  expect(row.snapshotRev).toBe(row.stateRev);
  expect(row.html).toContain("Ý kiến của Sở Y tế.");
  expect(row.html).toContain("Ý kiến của Sở Giáo dục.");
});

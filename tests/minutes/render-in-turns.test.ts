// The periodic snapshot of a document being typed in is rendered in steps, so
// other documents' keystrokes are not held behind it (minutes-render.server).
// It must be the same snapshot as the one-turn render.
import * as Y from "yjs";
import { buildMinutesTemplate } from "../../app/lib/minutes/template";
import { renderMinutes, renderMinutesInTurns, yDocFromJSON } from "../../app/services/minutes-render.server";

const person = (fullName: string) => ({ fullName, title: "Giám đốc Sở" });
const template = buildMinutesTemplate({
  bodyName: "UBND Thành phố Hà Nội",
  bodyKind: "state",
  title: "Họp giao ban tháng 12",
  startsAt: "2026-12-01T08:00:00+07:00",
  endsAt: "2026-12-01T10:00:00+07:00",
  place: "Phòng họp số 1",
  chair: person("Trần Sỹ Thanh"),
  secretary: person("Nguyễn Thị Hoa"),
  present: [person("Lê Văn Bình"), person("Phạm Thu Trang")],
  absent: [{ fullName: "Đỗ Minh Quân", title: null, reason: "Đi công tác" }],
  agenda: [{ id: 7, title: "Tiến độ Chỉ thị 24-CT/TU", presenter: "Sở Nội vụ" }],
});

test("the snapshot rendered in turns is the one-turn snapshot, and lets the event loop run between its steps", async () => {
  const doc = yDocFromJSON(template);
  const para = new Y.XmlElement("paragraph");
  para.insert(0, [new Y.XmlText("Đồng chí Chủ tịch kết luận: <b>rõ người, rõ việc</b> & đúng hạn.")]);
  doc.getXmlFragment("default").insert(3, [para]);

  const oneTurn = renderMinutes(doc);

  let otherWorkRan = false;
  setImmediate(() => (otherWorkRan = true));
  const inTurns = renderMinutesInTurns(doc);
  // A change made while the later steps wait is not in this snapshot: the document is read at once.
  doc.getXmlFragment("default").delete(3, 1);
  const snap = await inTurns;
  expect(otherWorkRan).toBe(true);
  expect(snap).toEqual(oneTurn);
  expect(snap.text).toContain("rõ người, rõ việc");
  expect(snap.html).toContain("&lt;b&gt;rõ người");
  expect(snap.html).toContain("BIÊN BẢN");
});

import { computeTaskStatus, describeTaskStatus } from "../../app/lib/task-status";

const today = "2026-12-01";

describe("computed task status", () => {
  test.each([
    // deadline, completedOn, expected code, dueSoon, daysOverdue
    ["2026-12-10", null, "open_on_time", false, 0],
    ["2026-12-04", null, "open_on_time", true, 0],
    ["2026-12-01", null, "open_on_time", true, 0],
    ["2026-11-28", null, "open_overdue", false, 3],
    ["2026-11-30", "2026-11-30", "done_on_time", false, 0],
    ["2026-11-30", "2026-11-29", "done_on_time", false, 0],
    ["2026-11-20", "2026-11-25", "done_late", false, 5],
    [null, null, "no_deadline", false, 0],
    [null, "2026-11-01", "done_no_deadline", false, 0],
  ])("deadline %s, completed %s → %s", (deadline, completedOn, code, dueSoon, daysOverdue) => {
    const s = computeTaskStatus({ deadline, completedOn }, today);
    expect(s.code).toBe(code);
    expect(s.dueSoon).toBe(dueSoon);
    expect(s.daysOverdue).toBe(daysOverdue);
  });

  test("Vietnamese words", () => {
    expect(describeTaskStatus(computeTaskStatus({ deadline: "2026-11-28", completedOn: null }, today))).toBe("Chưa hoàn thành – quá hạn 3 ngày");
    expect(describeTaskStatus(computeTaskStatus({ deadline: "2026-12-01", completedOn: null }, today))).toBe("Sắp đến hạn – hạn hôm nay");
    expect(describeTaskStatus(computeTaskStatus({ deadline: "2026-12-03", completedOn: null }, today))).toBe("Sắp đến hạn – còn 2 ngày");
    expect(describeTaskStatus(computeTaskStatus({ deadline: "2026-11-30", completedOn: "2026-11-30" }, today))).toBe("Đã hoàn thành đúng hạn");
    expect(describeTaskStatus(computeTaskStatus({ deadline: null, completedOn: null }, today))).toBe("Không thời hạn");
  });
});

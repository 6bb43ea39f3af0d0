import { addWorkingDays, formatDate, formatDateTime, hanoiWallTimeToUtc, parseVietnameseDate, todayInHanoi } from "../../app/lib/dates";

describe("dates in Asia/Ho_Chi_Minh", () => {
  test("formats dd/MM/yyyy and HH:mm in Hanoi time whatever the server's zone", () => {
    const instant = new Date("2023-08-06T18:30:00Z"); // 01:30 on 07/08/2023 in Hanoi
    expect(formatDate(instant)).toBe("07/08/2023");
    expect(formatDateTime(instant)).toBe("07/08/2023 01:30");
    expect(formatDate("2023-08-07")).toBe("07/08/2023");
  });
  test("today rolls over at Hanoi midnight", () => {
    expect(todayInHanoi(new Date("2026-11-30T16:59:00Z"))).toBe("2026-11-30");
    expect(todayInHanoi(new Date("2026-11-30T17:00:00Z"))).toBe("2026-12-01");
  });
  test("wall time in Hanoi → UTC", () => {
    expect(hanoiWallTimeToUtc("2026-12-01", "08:00").toISOString()).toBe("2026-12-01T01:00:00.000Z");
  });
  test("parses what users type, refuses impossible dates", () => {
    expect(parseVietnameseDate("07/08/2023")).toBe("2023-08-07");
    expect(parseVietnameseDate("2023-08-07")).toBe("2023-08-07");
    expect(parseVietnameseDate("31/02/2023")).toBeNull();
    expect(parseVietnameseDate("hôm qua")).toBeNull();
  });
  test("working days skip weekends", () => {
    expect(addWorkingDays("2026-12-04", 1)).toBe("2026-12-07"); // Friday + 1 → Monday
    expect(addWorkingDays("2026-12-01", 5)).toBe("2026-12-08");
  });
});

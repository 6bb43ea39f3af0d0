// E-mail copies of notifications, sent by the job runner through nodemailer
// to a real SMTP server (smtp-server on 127.0.0.1, a random port) that keeps
// what it receives; messages are parsed with mailparser.
import type { Db, User } from "../../models";
import { EMAIL_JOB, closeMailTransports, sendNotificationEmails } from "../../app/services/mail.server";
import { notifyUsers } from "../../app/services/notify.server";
import { registerReminderJobs, runReminderScan } from "../../app/services/reminders.server";
import { createTasks } from "../../app/services/tasks.server";
import * as f from "../factories";
import { closeDb, resetDatabase } from "../helpers/db";
import { cleanTasksAndJobs, drainRacing, morningOf } from "./helpers";
import { SmtpSink } from "./smtp-sink";

// A Saturday: deadline reminders go, the unit digest does not (so each test sees only what it is about).
const TODAY = "2026-12-05";
const NOW = morningOf(TODAY);
const TUESDAY = "2026-12-01";

let db: Db;
let sink: SmtpSink;
let withMail1: User;
let withMail2: User;
let withoutMail: User;
let unitId: number;

beforeAll(async () => {
  db = await resetDatabase();
  registerReminderJobs();
  sink = await new SmtpSink().start();
  const unit = await f.createUnit(db, { name: "Sở Nội vụ" });
  unitId = unit.id;
  withMail1 = await f.createUser(db, { unitId, fullName: "Nguyễn Thị Thư", email: "thu@sonoivu.hanoi.gov.vn" });
  withMail2 = await f.createUser(db, { unitId, fullName: "Hoàng Văn Điện", email: "dien@sonoivu.hanoi.gov.vn" });
  withoutMail = await f.createUser(db, { unitId, fullName: "Vũ Không Thư" });
  await f.createUser(db, { unitId, fullName: "Đã Nghỉ Việc", email: "nghi@sonoivu.hanoi.gov.vn", active: false });
});
beforeEach(async () => {
  await cleanTasksAndJobs(db);
  sink.received = [];
  sink.refuse.clear();
  process.env.SMTP_URL = sink.url();
  delete process.env.MAIL_FROM;
  process.env.APP_URL = "https://phonghop.example.vn";
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  closeMailTransports();
  await sink.stop();
  await closeDb();
});

test("a deadline reminder reaches the recipients' mailboxes, in Vietnamese, through a job", async () => {
  const t = await f.createTask(db, { leadUnitId: unitId, content: "Hoàn thành đề án vị trí việc làm", deadline: TODAY, state: "in_progress" });
  await runReminderScan({ today: TODAY, now: NOW });
  expect(sink.received).toHaveLength(0); // nothing is sent by the scan itself
  await drainRacing(NOW);

  const emailJobs = await db.Job.findAll({ where: { kind: EMAIL_JOB } });
  expect(emailJobs).toHaveLength(1);
  expect(emailJobs[0].status).toBe("done");
  // Three notifications (two with an address, one without); two messages, one per address.
  expect(await db.Notification.count({ where: { entityType: "task", entityId: t.id } })).toBe(3);
  expect(sink.received).toHaveLength(2);
  expect(sink.to("nghi@sonoivu.hanoi.gov.vn")).toHaveLength(0);

  const [msg] = sink.to(withMail1.email!);
  expect(msg.mail.subject).toBe("Hạn hôm nay: Hoàn thành đề án vị trí việc làm");
  expect(msg.mail.from?.value).toEqual([{ name: "Phòng Họp Số", address: "no-reply@localhost" }]);
  expect(msg.mail.to && !Array.isArray(msg.mail.to) ? msg.mail.to.value : null).toEqual([{ name: "Nguyễn Thị Thư", address: "thu@sonoivu.hanoi.gov.vn" }]);
  expect(msg.mail.text).toContain("Kính gửi Nguyễn Thị Thư,");
  expect(msg.mail.text).toContain("Thời hạn: 05/12/2026 (hôm nay). Đơn vị chủ trì: Sở Nội vụ.");
  expect(msg.mail.text).toContain(`Xem chi tiết: https://phonghop.example.vn/tasks/${t.id}`);
  expect(msg.mail.html).toContain(`href="https://phonghop.example.vn/tasks/${t.id}"`);
  // The raw header is MIME-encoded (RFC 2047), not raw 8-bit.
  expect(msg.raw).toMatch(/^Subject: =\?UTF-8\?/m);
  expect(sink.to(withMail2.email!)[0].mail.text).toContain("Kính gửi Hoàng Văn Điện,");
});

test("an SMTP failure is retried later, and only the messages that did not go out are sent again", async () => {
  sink.refuse.add(withMail2.email!);
  await f.createTask(db, { leadUnitId: unitId, content: "Tổng kết công tác thi đua", deadline: TODAY, state: "assigned" });
  await runReminderScan({ today: TODAY, now: NOW });
  await drainRacing(NOW);

  const job = (await db.Job.findOne({ where: { kind: EMAIL_JOB } }))!;
  expect(job).toMatchObject({ status: "pending", attempts: 1 });
  expect(job.lastError).toMatch(/1\/3 e-mail\(s\) not sent/);
  expect(job.runAt.getTime()).toBe(Math.floor(NOW.getTime() / 1000) * 1000 + 30_000);
  expect(sink.to(withMail1.email!)).toHaveLength(1);
  expect(sink.to(withMail2.email!)).toHaveLength(0);

  sink.refuse.clear();
  await drainRacing(new Date(NOW.getTime() + 31_000));
  expect((await db.Job.findByPk(job.id))?.status).toBe("done");
  expect(sink.to(withMail1.email!)).toHaveLength(1); // not twice
  expect(sink.to(withMail2.email!)).toHaveLength(1);
});

test("the SMTP server down: the job backs off and ends as failed, never inside a request", async () => {
  process.env.SMTP_URL = "smtp://127.0.0.1:1"; // nothing listens on port 1
  await f.createTask(db, { leadUnitId: unitId, deadline: TODAY, state: "assigned" });
  await runReminderScan({ today: TODAY, now: NOW });
  let now = NOW.getTime();
  for (let i = 0; i < 6; i++) {
    await drainRacing(new Date(now));
    now += 3_600_000;
  }
  const job = (await db.Job.findOne({ where: { kind: EMAIL_JOB } }))!;
  expect(job).toMatchObject({ status: "failed", attempts: 6 });
  expect(job.lastError).toMatch(/ECONNREFUSED|connect/i);
});

test("the daily digest is mailed too; MAIL_FROM is honoured", async () => {
  process.env.MAIL_FROM = "Văn phòng UBND Thành phố <vanphong@hanoi.gov.vn>";
  await f.createTask(db, { leadUnitId: unitId, deadline: "2026-11-20", state: "in_progress" });
  await runReminderScan({ today: TUESDAY, now: morningOf(TUESDAY) });
  await drainRacing(morningOf(TUESDAY));
  const digest = sink.to(withMail1.email!).find((m) => m.mail.subject?.startsWith("Tổng hợp nhiệm vụ"));
  expect(digest?.mail.subject).toBe("Tổng hợp nhiệm vụ ngày 01/12/2026: 1 quá hạn, 0 sắp đến hạn");
  expect(digest?.mail.from?.value).toEqual([{ name: "Văn phòng UBND Thành phố", address: "vanphong@hanoi.gov.vn" }]);
  expect(digest?.mail.text).toContain("https://phonghop.example.vn/tasks?scope=unit");
});

test("without SMTP_URL no e-mail job is queued", async () => {
  delete process.env.SMTP_URL;
  await f.createTask(db, { leadUnitId: unitId, deadline: TODAY, state: "assigned" });
  await runReminderScan({ today: TODAY, now: NOW });
  await drainRacing(NOW);
  expect(await db.Notification.count({ where: { kind: "task.due_today" } })).toBe(3);
  expect(await db.Job.count({ where: { kind: EMAIL_JOB } })).toBe(0);
  expect(sink.received).toHaveLength(0);
});

test("sendNotificationEmails works for any notification (e.g. from notifyUsers)", async () => {
  const rows = await notifyUsers({ userIds: [withMail1.id, withoutMail.id], kind: "task.assigned", title: "Nhiệm vụ mới: Rà soát quy chế", body: "Thời hạn 15/12/2026", url: "/tasks/1" });
  const r = await sendNotificationEmails(rows.map((n) => n.id));
  expect(r.sent).toEqual([rows[0].id]);
  expect(r.skipped).toEqual([rows[1].id]);
  expect(sink.to(withMail1.email!)[0].mail.subject).toBe("Nhiệm vụ mới: Rà soát quy chế");
});

test("assigning a task e-mails the lead unit's people, through a job committed with the notifications", async () => {
  const assigner = await f.createUser(db, { roles: ["secretariat"], fullName: "Trần Văn Phòng" });
  const actor = { id: assigner.id, username: assigner.username, fullName: assigner.fullName, title: null, unitId: null, unitName: null, roles: ["secretariat" as const], locale: "vi" as const };
  await createTasks({
    actor,
    source: { directiveId: null, meetingId: null, minutesAnchor: null },
    rows: [{ content: "Rà soát quy chế làm việc của Sở", leadUnitId: unitId, coordinatingUnitIds: [], ownerId: null, deadlineKind: "none", deadline: undefined, recurrence: undefined, starred: false, parentId: null }],
  });
  expect(sink.received).toHaveLength(0); // never inside the request
  await drainRacing(new Date());
  expect(sink.to(withMail1.email!).map((m) => m.mail.subject)).toEqual(["Nhiệm vụ mới: Rà soát quy chế làm việc của Sở"]);
  expect(sink.to(withMail2.email!)).toHaveLength(1);
});

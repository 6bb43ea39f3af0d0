import { getDb } from "../../models";
import { get, postForm, startTestServer, type TestServer } from "../helpers/server";

describe("sign-in", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  test("GET /login shows the Vietnamese form", async () => {
    const res = await get(server.baseUrl, "/login");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('lang="vi"');
    expect(html).toContain("Tên đăng nhập");
    expect(html).toContain("Mật khẩu");
    expect(html).toMatch(/name="username"/);
    expect(html).toMatch(/name="password"/);
  });

  test("empty fields get 400 with field messages and no session", async () => {
    const res = await postForm(server.baseUrl, "/login", { username: "", password: "" });
    expect(res.status).toBe(400);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  test("a wrong password gets a clear message, the same as an unknown user", async () => {
    const wrong = await postForm(server.baseUrl, "/login", { username: "chutich", password: "sai-mat-khau" });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    const unknown = await postForm(server.baseUrl, "/login", { username: "khong-ton-tai", password: "x" });
    expect(unknown.status).toBe(401);
  });

  test("repeated failures lock the account for a while with a clear message; the right password then still waits", async () => {
    const db = getDb();
    let last: Response | null = null;
    for (let i = 0; i < 5; i++) last = await postForm(server.baseUrl, "/login", { username: "badinh", password: `sai-${i}` });
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);

    const locked = await postForm(server.baseUrl, "/login", { username: "badinh", password: "Demo@2023" });
    expect(locked.status).toBe(429);
    expect(locked.headers.get("set-cookie")).toBeNull();
    const row = await db.LoginThrottle.findByPk("user:badinh");
    expect(row!.failures).toBe(5);
    expect(new Date(row!.lockedUntil!).getTime()).toBeGreaterThan(Date.now());

    // Once the lock has expired the right password works and clears the counter.
    await row!.update({ lockedUntil: new Date(Date.now() - 1000) });
    const ok = await postForm(server.baseUrl, "/login", { username: "badinh", password: "Demo@2023" });
    expect(ok.status).toBe(302);
    expect(await db.LoginThrottle.findByPk("user:badinh")).toBeNull();
    const audits = await db.AuditEvent.count({ where: { action: "auth.sign_in_failed" } });
    expect(audits).toBeGreaterThanOrEqual(5);
  }, 30_000);

  test("next= only redirects inside the app", async () => {
    const inside = await postForm(server.baseUrl, "/login", { username: "thanhvien", password: "Demo@2023", next: "/me" });
    expect(inside.headers.get("location")).toBe("/me");
    const outside = await postForm(server.baseUrl, "/login", { username: "thanhvien", password: "Demo@2023", next: "//evil.example/x" });
    expect(outside.headers.get("location")).toBe("/");
  });

  test("GET /healthz reports the database", async () => {
    const res = await get(server.baseUrl, "/healthz");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe("ok");
    expect(body.database.ok).toBe(true);
    expect(["sqlite", "mysql"]).toContain(body.database.dialect);
  });

  test("an unknown page is a Vietnamese 404 page without a stack trace", async () => {
    const { signInAs } = await import("../helpers/server");
    const cookie = await signInAs(server.baseUrl, "vanphong");
    const res = await get(server.baseUrl, "/khong-co-trang-nay", cookie);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("Không tìm thấy");
    expect(html).not.toMatch(/at .*\.(js|ts):\d+/);
  });
});

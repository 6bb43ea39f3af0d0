import { getDb } from "../../models";
import { get, postForm, signInAs, startTestServer, type TestServer } from "../helpers/server";

describe("session cookie", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  test("a signed-in user sees the home page; anonymous visitors are sent to /login", async () => {
    const cookie = await signInAs(server.baseUrl, "vanphong");
    const home = await get(server.baseUrl, "/", cookie);
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain("Xin chào");
    expect(html).toContain("Lịch họp");

    const anon = await get(server.baseUrl, "/");
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toBe("/login?next=%2F");
  });

  test("the cookie is httpOnly, SameSite=Lax, expires, and Secure only over HTTPS", async () => {
    const res = await postForm(server.baseUrl, "/login", { username: "chutich", password: "Demo@2023" });
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Max-Age=\d+|Expires=/i);
    expect(setCookie).not.toMatch(/;\s*Secure/i);

    const https = await fetch(`${server.baseUrl}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://" + new URL(server.baseUrl).host, "X-Forwarded-Proto": "https" },
      body: "username=chutich&password=Demo%402023",
    });
    expect(https.status).toBe(302);
    expect(https.headers.get("set-cookie")).toMatch(/;\s*Secure/i);
  });

  test("a tampered cookie is refused", async () => {
    const cookie = await signInAs(server.baseUrl, "vanphong");
    const [name, value] = cookie.split("=");
    const decoded = decodeURIComponent(value);
    const flipped = decoded.slice(0, -2) + (decoded.endsWith("A") ? "BB" : "AA");
    for (const bad of [`${name}=${encodeURIComponent(flipped)}`, `${name}=${Buffer.from(JSON.stringify("forged-id")).toString("base64")}`]) {
      const res = await get(server.baseUrl, "/", bad);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toMatch(/^\/login/);
    }
  });

  test("sign-in rotates the session; sign-out destroys it", async () => {
    const first = await signInAs(server.baseUrl, "thanhvien");
    const res = await fetch(`${server.baseUrl}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.baseUrl, Cookie: first },
      body: "username=thanhvien&password=Demo%402023",
    });
    const second = (res.headers.get("set-cookie") ?? "").split(";")[0];
    expect(second).not.toBe(first);
    expect((await get(server.baseUrl, "/", first)).status).toBe(302);
    expect((await get(server.baseUrl, "/", second)).status).toBe(200);

    const out = await postForm(server.baseUrl, "/logout", {}, second);
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe("/login");
    expect((await get(server.baseUrl, "/", second)).status).toBe(302);
  });

  test("an expired session or a deactivated user is signed out", async () => {
    const db = getDb();
    const cookie = await signInAs(server.baseUrl, "chuyenvien");
    const user = await db.User.findOne({ where: { username: "chuyenvien" } });
    await db.Session.update({ expiresAt: new Date(Date.now() - 1000) }, { where: { userId: user!.id } });
    expect((await get(server.baseUrl, "/", cookie)).status).toBe(302);

    const again = await signInAs(server.baseUrl, "chuyenvien");
    await user!.update({ active: false });
    expect((await get(server.baseUrl, "/", again)).status).toBe(302);
    await user!.update({ active: true });
  });

  test("a cross-site POST is refused before it reaches the app", async () => {
    const cookie = await signInAs(server.baseUrl, "vanphong");
    const res = await fetch(`${server.baseUrl}/logout`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example", Cookie: cookie },
      body: "",
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("không cùng nguồn gốc");
    expect((await get(server.baseUrl, "/", cookie)).status).toBe(200);
  });
});

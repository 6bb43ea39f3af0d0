import { signInAs, startTestServer, type TestServer } from "../helpers/server";

// React 18.3 pads a streamed 2 KB view with 0x00 when a multi-byte character
// does not fit at its end; Vietnamese pages hit it (app/entry.server.tsx drops them).
describe("server-rendered pages are clean UTF-8", () => {
  let server: TestServer;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    server = await startTestServer();
    for (const u of ["chutich", "vanphong", "chuyenvien"]) cookies[u] = await signInAs(server.baseUrl, u);
  });
  afterAll(() => server?.stop());

  test.each([
    ["chutich", "/admin"],
    ["chutich", "/"],
    ["vanphong", "/tasks?scope=all"],
    ["vanphong", "/directives"],
    ["vanphong", "/meetings?view=list"],
    ["chuyenvien", "/tasks"],
  ])("%s %s has no NUL byte and no replacement character", async (user, path) => {
    const res = await fetch(server.baseUrl + path, { headers: { Cookie: cookies[user] } });
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(4096);
    expect(bytes.indexOf(0)).toBe(-1);
    expect(bytes.toString("utf8")).not.toContain("\uFFFD");
  });
});

import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { DocumentList } from "../../app/components/document-list";
import type { PresentedDocument } from "../../app/services/documents.server";

/** Server-renders the component inside a data router, as the meeting page would. */
async function render(element: JSX.Element) {
  const routes = [{ path: "/meetings/:id", element }];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request("http://localhost/meetings/7"));
  if (context instanceof Response) throw new Error("unexpected response");
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToString(<StaticRouterProvider router={router} context={context} hydrate={false} />);
}

const docs: PresentedDocument[] = [
  { id: 11, fileName: "Báo cáo tổng hợp.pdf", mime: "application/pdf", size: 1.2 * 1024 * 1024, sha256: "a".repeat(64), uploadedAt: "2026-03-02T01:30:00.000Z", uploadedBy: { id: 2, fullName: "Nguyễn Văn Phòng" } },
  { id: 12, fileName: "Bảng tiến độ.xlsx", mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", size: 35_400, sha256: "b".repeat(64), uploadedAt: "2026-03-02T02:00:00.000Z", uploadedBy: null },
];

test("everyone gets download links with kind, size and date; no forms without canManage", async () => {
  const html = await render(<DocumentList documents={docs} canManage={false} meetingId={7} agendaItemId={3} />);
  expect(html).toContain('href="/documents/11"');
  expect(html).toContain("Báo cáo tổng hợp.pdf");
  expect(html).toContain("1,2 MB");
  expect(html).toContain("34,6 KB");
  expect(html).toContain("02/03/2026 08:30");
  expect(html).toContain("Nguyễn Văn Phòng");
  expect(html).toContain(">PDF<");
  expect(html).toContain(">XLS<");
  expect(html).not.toContain("<form");
});

test("managers get a multipart upload form and delete buttons that post to the meeting's documents action", async () => {
  const html = await render(<DocumentList documents={docs} canManage meetingId={7} agendaItemId={3} />);
  // HTML attribute names are case-insensitive (React writes encType).
  expect(html).toMatch(/<form method="post" action="\/meetings\/7\/documents" enctype="multipart\/form-data"/i);
  expect(html).toContain('accept=".pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg,.gif,.webp"');
  expect(html).toContain('name="agendaItemId" value="3"');
  expect(html).toContain('name="intent" value="upload"');
  expect(html).toContain('name="documentId" value="11"');
  expect(html).toContain("Xóa");
  expect(html).toContain("tối đa 50 MB");
});

test("an empty list says so to readers, and offers only the form to managers", async () => {
  expect(await render(<DocumentList documents={[]} canManage={false} meetingId={7} agendaItemId={3} />)).toContain("Chưa có tài liệu.");
  const managed = await render(<DocumentList documents={[]} canManage meetingId={7} agendaItemId={3} />);
  expect(managed).not.toContain("Chưa có tài liệu.");
  expect(managed).toContain("Tải lên");
});

import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { EditorContent, useEditor, type Editor } from "@tiptap/react";
import { forwardRef, useEffect, useImperativeHandle, useMemo, useState } from "react";
import * as Y from "yjs";
import { useSocket } from "~/components/realtime-provider";
import { initials } from "~/lib/initials";
import { minutesExtensions } from "~/lib/minutes/extensions";
import { MinutesProvider, type ProviderStatus } from "~/lib/minutes/provider";

export type MinutesEditorHandle = { scrollToAgendaItem(id: number): boolean };
type Peer = { clientId: number; name: string; color: string };

const COLORS = ["#1d4ed8", "#b91c1c", "#047857", "#7c3aed", "#c2410c", "#0e7490", "#be185d", "#4d7c0f"];
const colorFor = (userId: number) => COLORS[userId % COLORS.length];

/**
 * The live biên bản: tiptap 3 + Collaboration on a Y.Doc synced by our
 * provider over the page's socket. The Y.Doc and provider are created in an
 * effect (never during SSR) and content is never seeded through the editor —
 * the server fills the template once.
 */
export const MinutesEditor = forwardRef<MinutesEditorHandle, { meetingId: number; user: { id: number; fullName: string }; initialHtml: string | null }>(
  function MinutesEditor({ meetingId, user, initialHtml }, ref) {
    const socket = useSocket();
    const [session, setSession] = useState<{ doc: Y.Doc; provider: MinutesProvider } | null>(null);
    useEffect(() => {
      if (!socket) return;
      const doc = new Y.Doc();
      const provider = new MinutesProvider(socket, meetingId, doc);
      setSession({ doc, provider });
      return () => {
        provider.destroy();
        doc.destroy();
        setSession(null);
      };
    }, [socket, meetingId]);

    if (!session) {
      return <ReadOnlySnapshot html={initialHtml} note="Đang kết nối tới biên bản trực tuyến…" />;
    }
    return <LiveEditor ref={ref} key={session.doc.guid} doc={session.doc} provider={session.provider} user={user} />;
  },
);

const LiveEditor = forwardRef<MinutesEditorHandle, { doc: Y.Doc; provider: MinutesProvider; user: { id: number; fullName: string } }>(function LiveEditor({ doc, provider, user }, ref) {
  const [status, setStatus] = useState<ProviderStatus>(provider.status);
  const [readOnly, setReadOnly] = useState(provider.readOnly);
  const [message, setMessage] = useState<string | undefined>();
  const [peers, setPeers] = useState<Peer[]>([]);

  const extensions = useMemo(
    () => [
      ...minutesExtensions(),
      Collaboration.configure({ document: doc }),
      CollaborationCaret.configure({ provider, user: { name: user.fullName, color: colorFor(user.id) } }),
    ],
    [doc, provider, user.fullName, user.id],
  );
  const editor = useEditor({
    extensions,
    immediatelyRender: false,
    editable: false,
    editorProps: { attributes: { class: "minutes-doc focus:outline-none", "aria-label": "Nội dung biên bản", "data-testid": "minutes-editor" } },
  });

  useEffect(() => {
    const off = provider.on((p) => {
      setStatus(p.status);
      setReadOnly(p.readOnly);
      setMessage(p.message);
    });
    const onAwareness = () => {
      const list: Peer[] = [];
      provider.awareness.getStates().forEach((state, clientId) => {
        const u = (state as { user?: { name: string; color: string } }).user;
        if (u) list.push({ clientId, name: u.name, color: u.color });
      });
      setPeers(list);
    };
    provider.awareness.on("change", onAwareness);
    onAwareness();
    return () => {
      off();
      provider.awareness.off("change", onAwareness);
    };
  }, [provider]);

  useEffect(() => {
    editor?.setEditable(status === "synced" && !readOnly);
  }, [editor, status, readOnly]);

  useImperativeHandle(ref, () => ({
    scrollToAgendaItem(id: number) {
      const el = editor?.view.dom.querySelector(`[data-agenda-item="${id}"]`);
      if (!el) return false;
      el.scrollIntoView({ behavior: "smooth", block: "start" });
      return true;
    },
  }), [editor]);

  const statusLine =
    status === "synced" ? (readOnly ? "Chỉ xem" : "Đang soạn trực tuyến · tự động lưu") : status === "connecting" ? "Đang kết nối…" : status === "offline" ? "Mất kết nối – thay đổi sẽ được gửi khi kết nối lại" : message ?? "Không mở được biên bản";

  return (
    <div className="flex flex-col">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 px-3 py-2">
        <span className={`text-xs ${status === "synced" ? "text-green-700" : "text-amber-800"}`} role="status" data-testid="minutes-status">
          {statusLine}
        </span>
        <ul className="flex -space-x-1.5" aria-label="Đang có mặt trong biên bản">
          {peers.map((p) => (
            <li key={p.clientId} title={p.name} className="flex h-7 w-7 items-center justify-center rounded-full border-2 border-white text-[10px] font-bold text-white" style={{ background: p.color }}>
              <span aria-hidden="true">{initials(p.name)}</span>
              <span className="sr-only">{p.name}</span>
            </li>
          ))}
        </ul>
      </div>
      {message && status === "synced" && <p className="bg-amber-50 px-3 py-1 text-xs text-amber-900">{message}</p>}
      {editor && !readOnly && status === "synced" && <Toolbar editor={editor} />}
      <div className="max-h-[75vh] overflow-y-auto bg-white px-4 py-3 sm:px-8">
        <EditorContent editor={editor} />
      </div>
    </div>
  );
});

function Toolbar({ editor }: { editor: Editor }) {
  const [, rerender] = useState(0);
  useEffect(() => {
    const update = () => rerender((n) => n + 1);
    editor.on("transaction", update);
    return () => {
      editor.off("transaction", update);
    };
  }, [editor]);
  const button = (label: string, title: string, active: boolean, run: () => void, disabled = false) => (
    <button
      type="button"
      title={title}
      aria-label={title}
      aria-pressed={active}
      disabled={disabled}
      onMouseDown={(e) => e.preventDefault()}
      onClick={run}
      className={`rounded px-2 py-1 text-sm ${active ? "bg-brand-100 text-brand-900" : "text-slate-700 hover:bg-slate-100"} disabled:opacity-40`}
    >
      {label}
    </button>
  );
  const chain = () => editor.chain().focus();
  return (
    <div role="toolbar" aria-label="Định dạng" className="sticky top-0 z-10 flex flex-wrap gap-0.5 border-b border-slate-200 bg-slate-50 px-2 py-1">
      {button("H1", "Tiêu đề 1", editor.isActive("heading", { level: 1 }), () => chain().toggleHeading({ level: 1 }).run())}
      {button("H2", "Tiêu đề 2", editor.isActive("heading", { level: 2 }), () => chain().toggleHeading({ level: 2 }).run())}
      {button("H3", "Tiêu đề 3", editor.isActive("heading", { level: 3 }), () => chain().toggleHeading({ level: 3 }).run())}
      <span className="mx-1 w-px bg-slate-300" aria-hidden="true" />
      {button("B", "In đậm (Ctrl+B)", editor.isActive("bold"), () => chain().toggleBold().run())}
      {button("I", "In nghiêng (Ctrl+I)", editor.isActive("italic"), () => chain().toggleItalic().run())}
      {button("U", "Gạch chân (Ctrl+U)", editor.isActive("underline"), () => chain().toggleUnderline().run())}
      <span className="mx-1 w-px bg-slate-300" aria-hidden="true" />
      {button("•", "Danh sách", editor.isActive("bulletList"), () => chain().toggleBulletList().run())}
      {button("1.", "Danh sách đánh số", editor.isActive("orderedList"), () => chain().toggleOrderedList().run())}
      {button("⇤", "Căn trái", editor.isActive({ textAlign: "left" }), () => chain().setTextAlign("left").run())}
      {button("↔", "Căn giữa", editor.isActive({ textAlign: "center" }), () => chain().setTextAlign("center").run())}
      {button("☰", "Căn đều", editor.isActive({ textAlign: "justify" }), () => chain().setTextAlign("justify").run())}
      <span className="mx-1 w-px bg-slate-300" aria-hidden="true" />
      {button("▦", "Chèn bảng 3×3", false, () => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run())}
      {button("+cột", "Thêm cột", false, () => chain().addColumnAfter().run(), !editor.can().addColumnAfter())}
      {button("+dòng", "Thêm dòng", false, () => chain().addRowAfter().run(), !editor.can().addRowAfter())}
      {button("−bảng", "Xóa bảng", false, () => chain().deleteTable().run(), !editor.can().deleteTable())}
      <span className="mx-1 w-px bg-slate-300" aria-hidden="true" />
      {button("↶", "Hoàn tác (Ctrl+Z)", false, () => chain().undo().run(), !editor.can().undo())}
      {button("↷", "Làm lại (Ctrl+Shift+Z)", false, () => chain().redo().run(), !editor.can().redo())}
    </div>
  );
}

export function ReadOnlySnapshot({ html, note }: { html: string | null; note?: string }) {
  return (
    <div>
      {note && <p className="border-b border-slate-200 px-3 py-2 text-xs text-slate-500">{note}</p>}
      <div className="max-h-[75vh] overflow-y-auto bg-white px-4 py-3 sm:px-8">
        {html ? <div className="minutes-doc" dangerouslySetInnerHTML={{ __html: html }} /> : <p className="text-sm text-slate-500">Chưa có biên bản.</p>}
      </div>
    </div>
  );
}

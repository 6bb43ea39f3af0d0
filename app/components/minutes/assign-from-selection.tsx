import { useNavigate, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";

const MIN_CHARS = 5;
const MAX_ANCHOR = 2000;

/**
 * Select a passage of the minutes → «Giao nhiệm vụ»: opens the assignment
 * form with the passage quoted (the task links back to it). A `?quote=` in
 * the URL (the task's link back) selects and scrolls to that passage once the
 * minutes have rendered.
 */
export function AssignFromSelection({ meetingId, enabled, children }: { meetingId: number; enabled: boolean; children: ReactNode }) {
  const container = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState("");
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const quote = params.get("quote");

  useEffect(() => {
    if (!enabled) return;
    const onChange = () => {
      const sel = document.getSelection();
      const text = sel && !sel.isCollapsed ? sel.toString().replace(/\s+/g, " ").trim() : "";
      const inside = sel && sel.rangeCount > 0 && container.current?.contains(sel.getRangeAt(0).commonAncestorContainer);
      setSelected(inside && text.length >= MIN_CHARS ? text.slice(0, MAX_ANCHOR) : "");
    };
    document.addEventListener("selectionchange", onChange);
    return () => document.removeEventListener("selectionchange", onChange);
  }, [enabled]);

  useEffect(() => {
    if (!quote) return;
    let tries = 0;
    const timer = setInterval(() => {
      tries++;
      if (highlight(container.current, quote) || tries > 40) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [quote]);

  return (
    <div ref={container} className="relative" id="bien-ban">
      {children}
      {enabled && selected && (
        <div className="sticky bottom-0 z-20 flex flex-wrap items-center justify-between gap-2 border-t border-brand-200 bg-brand-50 px-3 py-2 text-sm" data-testid="assign-from-selection">
          <span className="min-w-0 flex-1 truncate">Đã chọn: “{selected}”</span>
          <button
            type="button"
            className="btn-primary btn-sm"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => navigate(`/tasks/new?meetingId=${meetingId}&minutesAnchor=${encodeURIComponent(selected)}`)}
          >
            Giao nhiệm vụ
          </button>
        </div>
      )}
    </div>
  );
}

/** Selects the first occurrence of `quote` (whitespace-insensitive, first 120 chars) and scrolls to it. */
function highlight(root: HTMLElement | null, quote: string) {
  if (!root) return false;
  const needle = quote.replace(/\s+/g, " ").trim().slice(0, 120);
  if (!needle) return true;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  let text = "";
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push(n as Text);
    text += (n as Text).data;
  }
  const flat = text.replace(/\s/g, " ");
  const at = flat.indexOf(needle);
  if (at < 0) return false;
  const range = document.createRange();
  let offset = 0;
  for (const n of nodes) {
    const end = offset + n.data.length;
    if (at >= offset && at < end) range.setStart(n, at - offset);
    if (at + needle.length > offset && at + needle.length <= end) {
      range.setEnd(n, at + needle.length - offset);
      break;
    }
    offset = end;
  }
  const sel = document.getSelection();
  sel?.removeAllRanges();
  sel?.addRange(range);
  (range.startContainer.parentElement ?? root).scrollIntoView({ behavior: "smooth", block: "center" });
  return true;
}

import type { JSONContent } from "@tiptap/core";
import { getDb } from "../../models";
import type { MinutesStatus } from "../../models/enums";
import type { CurrentUser } from "../lib/current-user";
import { formatDate } from "../lib/dates";
import { NotFoundError } from "../lib/errors";
import { getMeetingFor } from "./meeting-queries.server";
import { renderMinutesJSON, sanitizeMinutesHtml } from "./minutes-render.server";

type PMNode = JSONContent;

// ── Loading and presenting ─────────────────────────────────────────────────

const STATUS_LABELS: Record<MinutesStatus, string> = { draft: "Nháp", final: "Hoàn thiện", approved: "Đã duyệt" };

/**
 * The minutes of a meeting the actor may see, as the print view and the DOCX
 * need them: an invisible meeting is a 404 (getMeetingFor), and so is a
 * meeting whose minutes have no snapshot yet. The DOCX is built from the JSON
 * snapshot (`need: "json"`); the print view can show the HTML snapshot alone.
 */
export async function getMinutesForExport(props: { actor: CurrentUser; meetingId: number; need?: "json" | "html" }) {
  const meeting = await getMeetingFor(props.actor, props.meetingId);
  const db = getDb();
  const row = await db.Minutes.findOne({
    where: { meetingId: meeting.id },
    include: [{ model: db.User, as: "approvedBy", attributes: ["id", "fullName"] }],
  });
  const json = row?.json && Array.isArray(row.json.content) && row.json.content.length > 0 ? (row.json as PMNode) : null;
  const storedHtml = row?.html?.trim() ? row.html : null;
  if (!row || (props.need === "html" ? !json && !storedHtml : !json)) throw new NotFoundError("Chưa có biên bản.");
  // Sanitized again on the way out: the column may hold HTML written outside the editor.
  const html = storedHtml ? sanitizeMinutesHtml(storedHtml) : renderMinutesJSON(json!).html;
  return {
    meeting: { id: meeting.id, title: meeting.title, bodyName: meeting.body.name, bodyKind: meeting.body.kind, startsAt: meeting.startsAt },
    minutes: {
      status: row.status,
      statusLabel: STATUS_LABELS[row.status as MinutesStatus] ?? row.status,
      approvedAt: row.approvedAt ? row.approvedAt.toISOString() : null,
      approvedByName: row.approvedBy?.fullName ?? null,
      updatedAt: row.updatedAt.toISOString(),
      html,
    },
    json,
  };
}

/** The print view's data: plain objects only. */
export async function getMinutesPrintView(props: { actor: CurrentUser; meetingId: number }) {
  const { meeting, minutes } = await getMinutesForExport({ ...props, need: "html" });
  return { meeting, minutes };
}

/** The .docx download: its bytes and its names (Vietnamese, and an ASCII fallback for old clients). */
export async function exportMinutesDocx(props: { actor: CurrentUser; meetingId: number }) {
  const { meeting, json } = await getMinutesForExport({ ...props, need: "json" });
  // The docx package (3 MB of heap) is loaded on the first download, not in every process.
  const { minutesToDocx } = await import("./minutes-docx.server");
  const buffer = await minutesToDocx(json!, { title: meeting.title, bodyName: meeting.bodyName, meetingDate: formatDate(meeting.startsAt) });
  return { buffer, ...minutesFileNames(meeting.title) };
}

export function minutesFileNames(title: string) {
  const clean = title
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, "-")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 150)
    .trim();
  const slug =
    title
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80)
      .replace(/-+$/g, "") || "cuoc-hop";
  return { fileName: `Biên bản – ${clean || "cuộc họp"}.docx`, asciiFileName: `Bien-ban-${slug}.docx` };
}

/** RFC 6266 / RFC 5987: the ASCII name for old clients, the UTF-8 name for everyone else. */
export function attachmentDisposition(names: { fileName: string; asciiFileName: string }) {
  const encoded = encodeURIComponent(names.fileName).replace(/['()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
  return `attachment; filename="${names.asciiFileName}"; filename*=UTF-8''${encoded}`;
}

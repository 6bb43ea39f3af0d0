import { forwardRef } from "react";
import { Badge } from "~/components/status-badge";
import { FetcherForm } from "~/components/meeting/fetcher-form";
import { formatDateTime } from "~/lib/dates";
import { AssignFromSelection } from "./assign-from-selection";
import { MinutesEditor, ReadOnlySnapshot, type MinutesEditorHandle } from "./minutes-editor";

export type MinutesSummaryView = {
  status: string;
  html: string | null;
  attendeesCanEdit: boolean;
  approvedAt: string | null;
  approvedBy: string | null;
  finalizedAt: string | null;
  finalizedBy: string | null;
  rights: { canRead: boolean; canWrite: boolean; canManage: boolean; canApprove: boolean };
};

const STATUS: Record<string, { label: string; tone: "slate" | "blue" | "green" }> = {
  draft: { label: "Nháp", tone: "slate" },
  final: { label: "Hoàn thiện", tone: "blue" },
  approved: { label: "Đã duyệt", tone: "green" },
};

/** Biên bản beside the agenda: live editor while a draft, locked snapshot after. */
export const MinutesPanel = forwardRef<MinutesEditorHandle, { meetingId: number; summary: MinutesSummaryView; user: { id: number; fullName: string; roles: string[] }; canAssignTasks?: boolean }>(
  function MinutesPanel({ meetingId, summary: s, user, canAssignTasks = false }, ref) {
    const isSecretariat = user.roles.includes("secretariat");
    return (
      <section className="card overflow-hidden" aria-labelledby="minutes-title">
        <div className="card-header flex-wrap">
          <div className="flex items-center gap-2">
            <h2 id="minutes-title" className="card-title">Biên bản</h2>
            <span data-testid="minutes-state"><Badge tone={STATUS[s.status]?.tone}>{STATUS[s.status]?.label}</Badge></span>
          </div>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <a className="link" href={`/meetings/${meetingId}/minutes/print`} target="_blank" rel="noreferrer">Bản in</a>
            <a className="link" href={`/meetings/${meetingId}/minutes.docx`}>Tải DOCX</a>
            <a className="link" href={`/meetings/${meetingId}/minutes/versions`}>Phiên bản</a>
          </div>
        </div>
        {(s.finalizedAt || s.approvedAt) && (
          <p className="border-b border-slate-200 px-4 py-1.5 text-xs text-slate-600">
            {s.finalizedAt && <>Hoàn thiện {formatDateTime(s.finalizedAt)}{s.finalizedBy ? ` bởi ${s.finalizedBy}` : ""}. </>}
            {s.approvedAt && <>Duyệt {formatDateTime(s.approvedAt)}{s.approvedBy ? ` bởi ${s.approvedBy}` : ""}.</>}
          </p>
        )}
        {(s.rights.canManage || s.rights.canApprove || (isSecretariat && s.status !== "draft")) && (
          <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-2">
            {s.rights.canManage && s.status === "draft" && (
              <>
                <FetcherForm intent="minutes-finalize" confirm="Hoàn thiện biên bản? Sau khi hoàn thiện, không ai chỉnh sửa được nữa.">
                  {({ busy }) => <button className="btn-primary btn-sm" disabled={busy}>Hoàn thiện biên bản</button>}
                </FetcherForm>
                <FetcherForm intent="minutes-attendees" fields={{ allowed: s.attendeesCanEdit ? "false" : "true" }}>
                  {({ busy }) => (
                    <button className="btn-secondary btn-sm" disabled={busy} aria-pressed={s.attendeesCanEdit}>
                      {s.attendeesCanEdit ? "Người dự họp đang được cùng soạn – tắt" : "Cho phép người dự họp cùng soạn"}
                    </button>
                  )}
                </FetcherForm>
              </>
            )}
            {s.rights.canApprove && (
              <FetcherForm intent="minutes-approve" confirm="Duyệt biên bản này?">
                {({ busy }) => <button className="btn-primary btn-sm" disabled={busy}>Duyệt biên bản</button>}
              </FetcherForm>
            )}
            {isSecretariat && s.status !== "draft" && (
              <FetcherForm intent="minutes-reopen" fields={{ reason: "Mở lại để chỉnh sửa" }} confirm="Mở lại biên bản để chỉnh sửa? Thao tác được ghi nhật ký.">
                {({ busy }) => <button className="btn-secondary btn-sm" disabled={busy}>Mở lại</button>}
              </FetcherForm>
            )}
          </div>
        )}
        <AssignFromSelection meetingId={meetingId} enabled={canAssignTasks}>
          {s.status === "draft" ? (
            <MinutesEditor ref={ref} meetingId={meetingId} user={user} initialHtml={s.html} />
          ) : (
            <ReadOnlySnapshot html={s.html} note="Biên bản đã khóa; không ai chỉnh sửa được." />
          )}
        </AssignFromSelection>
        {canAssignTasks && <p className="border-t border-slate-200 px-4 py-1.5 text-xs text-slate-500">Bôi đen một đoạn biên bản để giao nhiệm vụ từ kết luận đó.</p>}
      </section>
    );
  },
);

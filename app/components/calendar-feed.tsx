import { Form, useNavigation } from "@remix-run/react";
import { useRef, useState } from "react";

/** A read-only address with a copy button; selecting the field works where the clipboard API does not. */
function CopyField({ id, label, value, hint }: { id: string; label: string; value: string; hint?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"ok" | "manual" | null>(null);
  async function copy() {
    const el = input.current;
    try {
      await navigator.clipboard.writeText(value);
      setCopied("ok");
    } catch {
      // Plain http or an old browser: select the text so Ctrl+C / long-press copies it.
      el?.focus();
      el?.select();
      let ok = false;
      try {
        ok = document.execCommand("copy");
      } catch {
        ok = false;
      }
      setCopied(ok ? "ok" : "manual");
    }
  }
  return (
    <div>
      <label htmlFor={id} className="label">{label}</label>
      <div className="flex gap-2">
        <input
          ref={input}
          id={id}
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          onClick={(e) => e.currentTarget.select()}
          className="input font-mono text-xs"
          spellCheck={false}
          aria-describedby={hint ? `${id}-hint` : undefined}
        />
        <button type="button" onClick={copy} className="btn-secondary shrink-0">Sao chép</button>
      </div>
      {hint && <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">{hint}</p>}
      <p role="status" className="mt-1 text-xs text-green-700">
        {copied === "ok" ? "Đã sao chép địa chỉ." : copied === "manual" ? "Địa chỉ đã được chọn: nhấn Ctrl+C (hoặc giữ và chọn Sao chép) để sao chép." : ""}
      </p>
    </div>
  );
}

/** /me: the personal calendar feed — its addresses, how to subscribe, and how to replace it. */
export function CalendarFeedSection({ urls }: { urls: { https: string; webcal: string } | null }) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === "calendar_token";
  return (
    <section id="lich-ca-nhan" className="card p-4" aria-labelledby="calendar-feed-title">
      <h2 id="calendar-feed-title" className="card-title mb-1">Lịch cá nhân</h2>
      <p className="mb-4 text-sm text-slate-600">
        Đưa các cuộc họp bạn được mời, chủ trì hoặc làm thư ký vào Outlook, Google Calendar hoặc iPhone. Lịch tự cập nhật khoảng mỗi giờ một lần
        (Google Calendar có thể chậm hơn); cuộc họp bị hủy sẽ hiện là đã hủy.
      </p>
      {urls ? (
        <div className="space-y-4">
          <CopyField id="feed-https" label={`Địa chỉ đăng ký lịch (${urls.https.split(":")[0]}://)`} value={urls.https} hint="Dùng cho Outlook và Google Calendar." />
          <CopyField id="feed-webcal" label="Địa chỉ webcal://" value={urls.webcal} hint="Dùng cho iPhone, iPad, máy Mac và Outlook trên máy tính." />
          <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Địa chỉ này là bí mật: ai có địa chỉ đều xem được lịch họp của bạn. Không gửi cho người khác. Nếu nghi bị lộ, hãy bấm «Tạo lại địa chỉ» — địa chỉ cũ ngừng hoạt động ngay.
          </p>
          <div className="grid gap-4 text-sm md:grid-cols-3">
            <div>
              <h3 className="mb-1 font-semibold text-slate-800">Outlook</h3>
              <ol className="list-decimal space-y-1 pl-5 text-slate-700">
                <li>Outlook trên web: mở <em>Lịch</em> → <em>Thêm lịch</em> → <em>Đăng ký từ web</em>.</li>
                <li>Dán địa chỉ đăng ký lịch, đặt tên «Lịch họp», bấm <em>Nhập</em>.</li>
                <li>Outlook trên máy tính: <em>Thêm lịch</em> → <em>Từ Internet…</em>, dán địa chỉ.</li>
              </ol>
            </div>
            <div>
              <h3 className="mb-1 font-semibold text-slate-800">Google Calendar</h3>
              <ol className="list-decimal space-y-1 pl-5 text-slate-700">
                <li>Trên máy tính, mở calendar.google.com.</li>
                <li>Bên trái, cạnh <em>Lịch khác</em>, bấm <em>+</em> → <em>Từ URL</em>.</li>
                <li>Dán địa chỉ đăng ký lịch và bấm <em>Thêm lịch</em>. Lịch sẽ hiện trên điện thoại Android cùng tài khoản.</li>
              </ol>
            </div>
            <div>
              <h3 className="mb-1 font-semibold text-slate-800">iPhone, iPad</h3>
              <ol className="list-decimal space-y-1 pl-5 text-slate-700">
                <li>Mở <em>Cài đặt</em> → <em>Lịch</em> → <em>Tài khoản</em> → <em>Thêm tài khoản</em> → <em>Khác</em>.</li>
                <li>Chọn <em>Thêm lịch đã đăng ký</em>, dán địa chỉ webcal://, bấm <em>Tiếp</em> rồi <em>Lưu</em>.</li>
                <li>Hoặc mở trang này trên iPhone và <a className="link" href={urls.webcal}>bấm vào đây để đăng ký</a>.</li>
              </ol>
            </div>
          </div>
          <Form method="post" onSubmit={(e) => { if (!window.confirm("Tạo địa chỉ mới? Các ứng dụng đang dùng địa chỉ cũ sẽ ngừng nhận lịch cho đến khi bạn đăng ký lại.")) e.preventDefault(); }}>
            <input type="hidden" name="intent" value="calendar_token" />
            <button type="submit" className="btn-secondary" disabled={busy}>{busy ? "Đang tạo…" : "Tạo lại địa chỉ"}</button>
          </Form>
        </div>
      ) : (
        <Form method="post" className="space-y-2">
          <p className="text-sm text-slate-700">Bạn chưa có địa chỉ lịch cá nhân.</p>
          <input type="hidden" name="intent" value="calendar_token" />
          <button type="submit" className="btn-primary" disabled={busy}>{busy ? "Đang tạo…" : "Tạo địa chỉ lịch"}</button>
        </Form>
      )}
    </section>
  );
}

import { Form, Link, NavLink } from "@remix-run/react";
import type { FormEvent, ReactNode } from "react";
import type { ActionFailure } from "~/lib/http.server";

/** What admin actions answer: a failure (400/403/404/409) or a success note. */
export type AdminActionResult = ActionFailure | { ok: true; message: string; savedAt?: number };

export function fieldErrors(result: AdminActionResult | undefined | null): Record<string, string> {
  return result && !result.ok ? result.fields ?? {} : {};
}

/**
 * The banner above a form. A failure that is not about one field (`_form`)
 * shows its own sentence instead of the generic "Dữ liệu chưa hợp lệ".
 */
export function AdminFormMessage({ result }: { result?: AdminActionResult | null }) {
  if (!result) return null;
  if (result.ok) {
    return (
      <div role="status" className="mb-4 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
        {result.message}
      </div>
    );
  }
  const text = result.fields?._form ?? result.message;
  return (
    <div role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-flag-700">
      {text}
    </div>
  );
}

export function ActiveBadge({ active }: { active: boolean }) {
  return active ? (
    <span className="badge bg-green-100 text-green-800">Đang hoạt động</span>
  ) : (
    <span className="badge bg-slate-200 text-slate-700">Ngừng hoạt động</span>
  );
}

export type AdminSections = { units: boolean; users: boolean; bodies: boolean; rooms: boolean };

const SECTION_LINKS: Array<{ key: keyof AdminSections | "overview"; to: string; label: string }> = [
  { key: "overview", to: "/admin", label: "Tổng quan" },
  { key: "units", to: "/admin/units", label: "Đơn vị" },
  { key: "users", to: "/admin/users", label: "Người dùng" },
  { key: "bodies", to: "/admin/bodies", label: "Cơ quan họp" },
  { key: "rooms", to: "/admin/rooms", label: "Phòng họp" },
];

/** The admin sub-navigation: a column on wide screens, wrapping pills on phones (nothing hidden off-screen). */
export function AdminNav({ sections }: { sections: AdminSections }) {
  const links = SECTION_LINKS.filter((l) => l.key === "overview" || sections[l.key]);
  return (
    <nav aria-label="Danh mục quản trị" className="lg:w-52 lg:shrink-0">
      <ul className="flex flex-wrap gap-1.5 lg:flex-col lg:gap-1">
        {links.map((l) => (
          <li key={l.to}>
            <NavLink
              to={l.to}
              end={l.key === "overview"}
              className={({ isActive }) =>
                `block whitespace-nowrap rounded-full border px-3 py-1.5 text-sm font-medium lg:rounded-md lg:border-0 lg:border-l-4 lg:py-2 ${
                  isActive
                    ? "border-brand-700 bg-brand-700 text-white lg:bg-brand-50 lg:text-brand-800"
                    : "border-slate-300 bg-white text-slate-700 hover:bg-slate-100 lg:border-transparent lg:bg-transparent"
                }`
              }
            >
              {l.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export type UnitChoice = { id: number; name: string; depth: number; active: boolean };

/** Units as an indented <select>; "\u00a0" keeps the indentation visible in every browser. */
export function UnitOptions({ units, excludeIds }: { units: UnitChoice[]; excludeIds?: Set<number> }) {
  return (
    <>
      {units
        .filter((u) => !excludeIds?.has(u.id))
        .map((u) => (
          <option key={u.id} value={u.id}>
            {"\u00a0\u00a0".repeat(u.depth)}
            {u.depth > 0 ? "└ " : ""}
            {u.name}
            {u.active ? "" : " (ngừng hoạt động)"}
          </option>
        ))}
    </>
  );
}

/** A one-button form for an intent (activate, remove…), optionally asking first. */
export function IntentButton({
  intent,
  values,
  label,
  className = "btn-secondary btn-sm",
  confirm,
  ariaLabel,
}: {
  intent: string;
  values?: Record<string, string | number>;
  label: ReactNode;
  className?: string;
  confirm?: string;
  ariaLabel?: string;
}) {
  const onSubmit = confirm
    ? (e: FormEvent<HTMLFormElement>) => {
        if (!window.confirm(confirm)) e.preventDefault();
      }
    : undefined;
  return (
    <Form method="post" onSubmit={onSubmit} className="inline">
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(values ?? {}).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={String(v)} />
      ))}
      <button type="submit" className={className} aria-label={ariaLabel}>
        {label}
      </button>
    </Form>
  );
}

/** Previous / next with "Trang x / y"; keeps the other query parameters. */
export function Pagination({ page, pageCount, search }: { page: number; pageCount: number; search: URLSearchParams }) {
  if (pageCount <= 1) return null;
  const href = (p: number) => {
    const s = new URLSearchParams(search);
    s.set("page", String(p));
    return `?${s.toString()}`;
  };
  return (
    <nav aria-label="Phân trang" className="flex items-center justify-between gap-2 px-4 py-3 text-sm">
      {page > 1 ? (
        <Link to={href(page - 1)} className="btn-secondary btn-sm" rel="prev">
          ← Trang trước
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-600" aria-current="page">
        Trang {page} / {pageCount}
      </span>
      {page < pageCount ? (
        <Link to={href(page + 1)} className="btn-secondary btn-sm" rel="next">
          Trang sau →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

/** A figure on the overview page. */
export function StatCard({ to, title, total, active, note }: { to: string; title: string; total: number; active: number; note: string }) {
  return (
    <Link to={to} className="card block p-4 transition hover:border-brand-300 hover:shadow-md focus-visible:ring-2">
      <p className="text-sm font-medium text-slate-600">{title}</p>
      <p className="mt-1 text-3xl font-bold text-brand-900">{total}</p>
      <p className="mt-1 text-xs text-slate-600">
        {active} {note}
        {total - active > 0 ? ` · ${total - active} ngừng hoạt động` : ""}
      </p>
    </Link>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/form";
import { formatDate } from "~/lib/dates";
import { guardLoader } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { SEARCH_MAX_CHARS, searchQuerySchema } from "~/schemas/search";
import { searchFor, type Marked, type SearchGroup, type SearchHit, type SearchResult } from "~/services/search.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.q ? `Tìm kiếm «${data.q}» · Phòng Họp Số` : "Tìm kiếm · Phòng Họp Số" }];

/** One value per name; a repeated name (q=a&q=b) stays an array for the schema to refuse. */
function paramsOf(url: URL) {
  const out: Record<string, string | string[]> = {};
  for (const key of ["q", "kind"]) {
    const all = url.searchParams.getAll(key);
    if (all.length) out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    const input = paramsOf(new URL(request.url));
    const parsed = searchQuerySchema.safeParse(input);
    if (!parsed.success) {
      const raw = typeof input.q === "string" ? input.q.slice(0, SEARCH_MAX_CHARS) : "";
      return json({ q: raw, kind: null, error: parsed.error.issues[0]?.message ?? "Từ khóa tìm kiếm không hợp lệ.", result: null as SearchResult | null }, { status: 400 });
    }
    const { q, kind } = parsed.data;
    const result = q ? await searchFor(user, q, { kind }) : null;
    return json({ q, kind: kind ?? null, error: null as string | null, result });
  });
}

const KIND_LABELS: Record<SearchHit["kind"], string> = {
  meeting: "Cuộc họp",
  agenda_item: "Nội dung họp",
  directive: "Văn bản chỉ đạo",
  task: "Nhiệm vụ",
  minutes: "Biên bản",
};

const DATE_LABELS: Record<SearchHit["kind"], string> = {
  meeting: "Ngày họp",
  agenda_item: "Ngày họp",
  directive: "Ngày ban hành",
  task: "Thời hạn",
  minutes: "Ngày họp",
};

/** Text with its highlights as <mark>, from the ranges the server computed. */
function Highlighted({ value }: { value: Marked }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const [start, end] of value.marks) {
    if (start < at || end > value.text.length) continue;
    if (start > at) parts.push(value.text.slice(at, start));
    parts.push(<mark key={start} className="rounded-sm bg-yellow-200 px-0.5 text-inherit">{value.text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < value.text.length) parts.push(value.text.slice(at));
  return <>{parts}</>;
}

const countLabel = (g: Pick<SearchGroup, "count" | "more">) => `${g.count.toLocaleString("vi-VN")}${g.more ? "+" : ""}`;

function kindLink(q: string, kind: string | null) {
  const p = new URLSearchParams({ q });
  if (kind) p.set("kind", kind);
  return `/search?${p.toString()}`;
}

export default function Search() {
  const { q, kind, error, result } = useLoaderData<typeof loader>();
  const searching = useNavigation().state === "loading";
  const groups = result ? result.groups.filter((g) => g.hits.length > 0) : [];

  return (
    <div className="mx-auto max-w-5xl px-4 py-6">
      <PageHeader title="Tìm kiếm" description="Cuộc họp, nội dung họp, văn bản chỉ đạo, nhiệm vụ và biên bản mà bạn được xem. Gõ có dấu hay không dấu đều được." />

      <Form method="get" action="/search" role="search" aria-label="Tìm kiếm" className="card mb-4 flex flex-col gap-2 p-3 sm:flex-row sm:items-end">
        <div className="flex-1">
          <label htmlFor="search-q" className="label">Từ khóa</label>
          <input id="search-q" name="q" type="search" className="input" defaultValue={q} maxLength={SEARCH_MAX_CHARS} placeholder="Ví dụ: chỉ thị 24 kỷ cương, giải phóng mặt bằng" aria-invalid={Boolean(error)} aria-describedby={error ? "search-error" : undefined} />
        </div>
        {kind && <input type="hidden" name="kind" value={kind} />}
        <button type="submit" className="btn-primary" disabled={searching}>Tìm</button>
      </Form>

      {error && (
        <p id="search-error" role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-flag-700">{error}</p>
      )}

      {result && (
        <>
          <nav aria-label="Lọc theo loại" className="mb-3 flex flex-wrap gap-1.5 text-sm">
            <Link to={kindLink(q, null)} className={`rounded-full border px-3 py-1 ${!kind ? "border-brand-700 bg-brand-700 text-white" : "border-slate-300 bg-white hover:bg-slate-50"}`} aria-current={!kind ? "page" : undefined}>
              Tất cả {!kind && <span>({countLabel({ count: result.total, more: result.more })})</span>}
            </Link>
            {result.groups.map((g) => (
              <Link
                key={g.kind}
                to={kindLink(q, g.kind)}
                data-testid={`kind-${g.kind}`}
                className={`rounded-full border px-3 py-1 ${kind === g.kind ? "border-brand-700 bg-brand-700 text-white" : "border-slate-300 bg-white hover:bg-slate-50"}`}
                aria-current={kind === g.kind ? "page" : undefined}
              >
                {KIND_LABELS[g.kind]}
                {/* a filtered search counted its own kind only */}
                {(!kind || kind === g.kind) && <span> ({countLabel(g)})</span>}
              </Link>
            ))}
          </nav>

          <p className="mb-3 text-sm text-slate-600" aria-live="polite" data-testid="search-summary">
            {result.total === 0
              ? result.words.length === 0
                ? "Vui lòng nhập từ khóa có chữ hoặc số."
                : `Không tìm thấy kết quả cho «${q}».`
              : `${countLabel({ count: result.total, more: result.more })} kết quả cho «${q}»${kind ? ` trong mục ${KIND_LABELS[kind].toLowerCase()}` : ""}.`}
            {result.limited && result.total > 0 && " Từ khóa ngắn hoặc rất phổ biến: chỉ hiện các mục mới nhất phù hợp; thêm từ khóa cụ thể hơn để tìm đầy đủ."}
          </p>

          <div className="space-y-6">
            {groups.map((g) => (
              <section key={g.kind} aria-labelledby={`group-${g.kind}`} className="card" data-testid={`group-${g.kind}`}>
                <div className="flex items-baseline justify-between gap-3 border-b border-slate-100 px-4 py-2.5">
                  <h2 id={`group-${g.kind}`} className="card-title">{KIND_LABELS[g.kind]} <span className="text-sm font-normal text-slate-500">({countLabel(g)})</span></h2>
                  {!kind && g.count > g.hits.length && <Link to={kindLink(q, g.kind)} className="link text-sm">Xem tất cả</Link>}
                </div>
                <ul className="divide-y divide-slate-100">
                  {g.hits.map((h) => (
                    <li key={`${h.kind}-${h.id}`} className="px-4 py-3" data-testid="search-hit">
                      <Link to={h.url} className="link font-semibold"><Highlighted value={h.title} /></Link>
                      <p className="mt-0.5 text-xs text-slate-500">
                        {[h.date ? `${DATE_LABELS[h.kind]} ${formatDate(h.date)}` : null, h.context].filter(Boolean).join(" · ")}
                      </p>
                      {h.excerpt && <p className="mt-1 break-words text-sm text-slate-700"><Highlighted value={h.excerpt} /></p>}
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
        </>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

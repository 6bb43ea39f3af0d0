import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActiveBadge, AdminFormMessage, fieldErrors, IntentButton, UnitOptions, type AdminActionResult } from "~/components/admin-ui";
import { GeneralErrorBoundary } from "~/components/error-page";
import { Field, PageHeader } from "~/components/form";
import { failure, guardLoader, parseWith } from "~/lib/http.server";
import { UNIT_KIND_LABELS } from "~/lib/labels";
import { requireUser } from "~/lib/session.server";
import { authorize } from "~/policies";
import { fieldsOf, formToRecord, parseId, requireId, unitActiveSchema, unitIntentSchema, unitSchema, unitUpdateSchema } from "~/schemas/admin";
import { createUnit, getUnit, listUnitTree, setUnitActive, updateUnit } from "~/services/units.server";
import { UNIT_KINDS } from "../../models/enums";

export const meta: MetaFunction = () => [{ title: "Đơn vị · Quản trị · Phòng Họp Số" }];

const F = fieldsOf(unitSchema);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    authorize(user, "unit:manage");
    const url = new URL(request.url);
    const editParam = url.searchParams.get("edit");
    const [units, editing] = await Promise.all([
      listUnitTree({ actor: user }),
      editParam != null ? getUnit({ actor: user, unitId: requireId(editParam, "Không tìm thấy đơn vị.") }) : null,
    ]);
    // "Thêm trực thuộc" preselects the parent; a bad value just means no preselection.
    const parentId = parseId(url.searchParams.get("parent"));
    const presetParentId = parentId && units.some((u) => u.id === parentId) ? parentId : null;
    const adding = !editing && (url.searchParams.has("new") || presetParentId != null || units.length === 0);
    return json({ units, editing, adding, presetParentId });
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  try {
    authorize(user, "unit:manage");
    const form = formToRecord(await request.formData());
    const { intent } = parseWith(unitIntentSchema, form);
    if (intent === "create") {
      const input = parseWith(unitSchema, form);
      await createUnit({ actor: user, input });
      return json<AdminActionResult>({ ok: true, message: `Đã thêm đơn vị “${input.name}”.`, savedAt: Date.now() });
    }
    if (intent === "update") {
      const { id, ...input } = parseWith(unitUpdateSchema, form);
      await updateUnit({ actor: user, unitId: id, input });
      return json<AdminActionResult>({ ok: true, message: `Đã lưu thay đổi của đơn vị “${input.name}”.`, savedAt: Date.now() });
    }
    const { id, active } = parseWith(unitActiveSchema, form);
    await setUnitActive({ actor: user, unitId: id, active });
    return json<AdminActionResult>({ ok: true, message: active ? "Đã kích hoạt lại đơn vị." : "Đã ngừng hoạt động đơn vị." });
  } catch (e) {
    return failure(e);
  }
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["units"][number];

/** The unit and everything under it: none of them can become its parent. */
function selfAndDescendants(units: Row[], id: number) {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const u of units) if (u.parentId != null && out.has(u.parentId) && !out.has(u.id)) (out.add(u.id), (grew = true));
  }
  return out;
}

/** Edit, add a child, (de)activate: under the name on phones, in their own column on wider screens. */
function UnitRowActions({ unit: u, align = "end" }: { unit: Row; align?: "start" | "end" }) {
  return (
    <div className={`flex flex-wrap gap-1.5 whitespace-nowrap ${align === "end" ? "justify-end" : ""}`}>
      <Link to={`?edit=${u.id}#unit-form`} className="btn-secondary btn-sm" aria-label={`Sửa đơn vị ${u.name}`}>
        Sửa
      </Link>
      {u.active && (
        <Link to={`?parent=${u.id}#unit-form`} className="btn-secondary btn-sm" aria-label={`Thêm đơn vị trực thuộc ${u.name}`}>
          + Trực thuộc
        </Link>
      )}
      <IntentButton
        intent="set_active"
        values={{ id: u.id, active: u.active ? "false" : "true" }}
        label={u.active ? "Ngừng" : "Kích hoạt"}
        ariaLabel={u.active ? `Ngừng hoạt động đơn vị ${u.name}` : `Kích hoạt đơn vị ${u.name}`}
        confirm={u.active ? `Ngừng hoạt động đơn vị “${u.name}”? Đơn vị sẽ không còn được chọn cho người dùng và nhiệm vụ mới.` : undefined}
      />
    </div>
  );
}

export default function AdminUnits() {
  const { units, editing, adding, presetParentId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as AdminActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const errors = fieldErrors(result);
  // A refused create/update keeps its form open (also after a no-JS post to the bare URL).
  const formOpen = Boolean(editing || adding || Object.keys(errors).some((k) => k in F));
  const rowsById = new Map(units.map((u) => [u.id, u]));
  const excluded = editing ? selfAndDescendants(units, editing.id) : undefined;
  const formKey = `${editing?.id ?? "new"}-${presetParentId ?? ""}-${result?.ok ? result.savedAt ?? "" : ""}`;

  return (
    <>
      <PageHeader
        title="Đơn vị"
        description="Cây tổ chức: sở, ban, ngành; quận, huyện; phường, xã và các văn phòng."
        actions={
          !formOpen && (
            <Link to="?new=1#unit-form" className="btn-primary">
              + Thêm đơn vị
            </Link>
          )
        }
      />
      <AdminFormMessage result={result} />
      <div className="space-y-6">
        {formOpen && (
          <section id="unit-form" className="card scroll-mt-4 p-4 sm:p-5" aria-labelledby="unit-form-title">
            <h2 id="unit-form-title" className="card-title mb-3">
              {editing ? `Sửa đơn vị: ${editing.name}` : "Thêm đơn vị"}
            </h2>
            <Form method="post" className="grid gap-3 md:grid-cols-2 xl:grid-cols-3" noValidate key={formKey}>
              <input type="hidden" name="intent" value={editing ? "update" : "create"} />
              {editing && <input type="hidden" name="id" value={editing.id} />}
              <Field name={F.code} label="Mã đơn vị" error={errors.code} hint="Duy nhất, ví dụ: SO-TTTT, Q-BADINH.">
                {(p) => <input {...p} defaultValue={editing?.code ?? ""} maxLength={50} autoComplete="off" required />}
              </Field>
              <Field name={F.name} label="Tên đơn vị" error={errors.name}>
                {(p) => <input {...p} defaultValue={editing?.name ?? ""} maxLength={255} required />}
              </Field>
              <Field name={F.shortName} label="Tên viết tắt (không bắt buộc)" error={errors.shortName}>
                {(p) => <input {...p} defaultValue={editing?.shortName ?? ""} maxLength={100} />}
              </Field>
              <Field name={F.kind} label="Loại đơn vị" error={errors.kind}>
                {(p) => (
                  <select {...p} defaultValue={editing?.kind ?? "department"}>
                    {UNIT_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {UNIT_KIND_LABELS[k] ?? k}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field name={F.parentId} label="Đơn vị cấp trên" error={errors.parentId} hint={editing ? "Không thể chọn chính đơn vị này hoặc đơn vị trực thuộc nó." : undefined}>
                {(p) => (
                  <select {...p} defaultValue={String(editing ? editing.parentId ?? "" : presetParentId ?? "")}>
                    <option value="">— Không có (cấp cao nhất) —</option>
                    <UnitOptions units={units} excludeIds={excluded} />
                  </select>
                )}
              </Field>
              <Field name={F.position} label="Thứ tự hiển thị" error={errors.position} hint="Số nhỏ đứng trước; cùng thứ tự thì xếp theo tên.">
                {(p) => <input {...p} type="number" inputMode="numeric" min={0} max={9999} defaultValue={editing?.position ?? 0} />}
              </Field>
              <div className="flex flex-wrap gap-2 pt-1 md:col-span-2 xl:col-span-3">
                <button type="submit" className="btn-primary" disabled={busy}>
                  {editing ? "Lưu thay đổi" : "Thêm đơn vị"}
                </button>
                <Link to="/admin/units" className="btn-secondary">
                  {editing ? "Hủy" : "Đóng"}
                </Link>
              </div>
            </Form>
          </section>
        )}
        <section className="card overflow-hidden" aria-labelledby="tree-title">
          <div className="card-header">
            <h2 id="tree-title" className="card-title">Cây đơn vị</h2>
            <span className="text-sm text-slate-600">{units.length} đơn vị</span>
          </div>
          {units.length === 0 ? (
            <p className="px-4 py-6 text-sm text-slate-600">Chưa có đơn vị nào. Hãy thêm đơn vị đầu tiên.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="table">
                <caption className="sr-only">Danh sách đơn vị theo cây tổ chức; đơn vị trực thuộc được thụt lề dưới đơn vị cấp trên.</caption>
                <thead>
                  <tr>
                    <th scope="col">Tên đơn vị</th>
                    <th scope="col" className="hidden md:table-cell">Mã</th>
                    <th scope="col" className="hidden lg:table-cell">Loại</th>
                    <th scope="col" className="hidden sm:table-cell">Trạng thái</th>
                    <th scope="col" className="hidden text-right sm:table-cell">Thao tác</th>
                  </tr>
                </thead>
                <tbody>
                  {units.map((u) => {
                    const parent = u.parentId != null ? rowsById.get(u.parentId) : undefined;
                    return (
                      <tr key={u.id} className={`${u.active ? "" : "bg-slate-50 text-slate-600"} ${editing?.id === u.id ? "bg-brand-50" : ""}`}>
                        <td>
                          <div className="flex items-start" style={{ paddingLeft: `${Math.min(u.depth, 6) * 1.25}rem` }}>
                            {u.depth > 0 && (
                              <span aria-hidden="true" className="mr-1.5 select-none text-slate-400">
                                └
                              </span>
                            )}
                            <div className="min-w-0">
                              <span className="font-medium text-slate-900">{u.name}</span>
                              {u.shortName && <span className="ml-1 text-slate-600">({u.shortName})</span>}
                              {parent && <span className="sr-only">, trực thuộc {parent.name}</span>}
                              <div className="mt-0.5 text-xs text-slate-600">
                                <span className="md:hidden">{u.code} · </span>
                                <span className="lg:hidden">{UNIT_KIND_LABELS[u.kind] ?? u.kind} · </span>
                                {u.userCount} người dùng
                                {u.childCount > 0 ? ` · ${u.childCount} đơn vị trực thuộc` : ""}
                              </div>
                              <div className="mt-1 sm:hidden">
                                <ActiveBadge active={u.active} />
                              </div>
                              <div className="mt-2 sm:hidden">
                                <UnitRowActions unit={u} align="start" />
                              </div>
                            </div>
                          </div>
                        </td>
                        <td className="hidden whitespace-nowrap font-mono text-[0.8rem] md:table-cell">{u.code}</td>
                        <td className="hidden whitespace-nowrap lg:table-cell">{UNIT_KIND_LABELS[u.kind] ?? u.kind}</td>
                        <td className="hidden whitespace-nowrap sm:table-cell">
                          <ActiveBadge active={u.active} />
                        </td>
                        <td className="hidden text-right sm:table-cell">
                          <UnitRowActions unit={u} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </section>

      </div>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

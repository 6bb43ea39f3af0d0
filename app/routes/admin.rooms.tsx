import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActiveBadge, AdminFormMessage, fieldErrors, IntentButton, type AdminActionResult } from "~/components/admin-ui";
import { GeneralErrorBoundary } from "~/components/error-page";
import { Field, PageHeader } from "~/components/form";
import { failure, guardLoader, parseWith } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { authorize } from "~/policies";
import { fieldsOf, formToRecord, requireId, roomActiveSchema, roomIntentSchema, roomSchema, roomUpdateSchema } from "~/schemas/admin";
import { createRoom, getRoom, listRooms, setRoomActive, updateRoom } from "~/services/rooms.server";

export const meta: MetaFunction = () => [{ title: "Phòng họp · Quản trị · Phòng Họp Số" }];

const F = fieldsOf(roomSchema);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    authorize(user, "room:manage");
    const editParam = new URL(request.url).searchParams.get("edit");
    const [rooms, editing] = await Promise.all([
      listRooms({ actor: user }),
      editParam != null ? getRoom({ actor: user, roomId: requireId(editParam, "Không tìm thấy phòng họp.") }) : null,
    ]);
    const adding = !editing && (new URL(request.url).searchParams.has("new") || rooms.length === 0);
    return json({ rooms, editing, adding });
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  try {
    authorize(user, "room:manage");
    const form = formToRecord(await request.formData());
    const { intent } = parseWith(roomIntentSchema, form);
    if (intent === "create") {
      const input = parseWith(roomSchema, form);
      await createRoom({ actor: user, input });
      return json<AdminActionResult>({ ok: true, message: `Đã thêm phòng họp “${input.name}”.`, savedAt: Date.now() });
    }
    if (intent === "update") {
      const { id, ...input } = parseWith(roomUpdateSchema, form);
      await updateRoom({ actor: user, roomId: id, input });
      return json<AdminActionResult>({ ok: true, message: `Đã lưu phòng họp “${input.name}”.`, savedAt: Date.now() });
    }
    const { id, active } = parseWith(roomActiveSchema, form);
    await setRoomActive({ actor: user, roomId: id, active });
    return json<AdminActionResult>({ ok: true, message: active ? "Đã đưa phòng họp vào sử dụng lại." : "Đã ngừng sử dụng phòng họp." });
  } catch (e) {
    return failure(e);
  }
}

export default function AdminRooms() {
  const { rooms, editing, adding } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as AdminActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const errors = fieldErrors(result);
  // A refused create/update keeps its form open (also after a no-JS post to the bare URL).
  const formOpen = Boolean(editing || adding || Object.keys(errors).some((k) => k in F));
  const formKey = `${editing?.id ?? "new"}-${result?.ok ? result.savedAt ?? "" : ""}`;
  return (
    <>
      <PageHeader
        title="Phòng họp"
        description="Phòng họp, địa điểm, sức chứa và trang thiết bị dùng khi lập lịch họp."
        actions={
          !formOpen && (
            <Link to="?new=1#room-form" className="btn-primary">
              + Thêm phòng họp
            </Link>
          )
        }
      />
      <AdminFormMessage result={result} />
      <div className="space-y-6">
        {formOpen && (
          <section id="room-form" className="card scroll-mt-4 p-4 sm:p-5" aria-labelledby="room-form-title">
            <h2 id="room-form-title" className="card-title mb-3">
              {editing ? `Sửa phòng họp: ${editing.name}` : "Thêm phòng họp"}
            </h2>
            <Form method="post" className="grid gap-3 md:grid-cols-[minmax(0,2fr)_minmax(0,2fr)_minmax(0,1fr)]" noValidate key={formKey}>
              <input type="hidden" name="intent" value={editing ? "update" : "create"} />
              {editing && <input type="hidden" name="id" value={editing.id} />}
              <Field name={F.name} label="Tên phòng họp" error={errors.name}>
                {(p) => <input {...p} defaultValue={editing?.name ?? ""} maxLength={255} required />}
              </Field>
              <Field name={F.location} label="Địa điểm (không bắt buộc)" error={errors.location}>
                {(p) => <input {...p} defaultValue={editing?.location ?? ""} maxLength={255} placeholder="Ví dụ: Tầng 2, số 12 Lê Lai" />}
              </Field>
              <Field name={F.capacity} label="Sức chứa (người)" error={errors.capacity} hint="Từ 1 đến 2000.">
                {(p) => <input {...p} type="number" inputMode="numeric" min={1} max={2000} defaultValue={editing?.capacity ?? ""} required />}
              </Field>
              <div className="md:col-span-3">
                <Field name={F.equipment} label="Trang thiết bị (không bắt buộc)" error={errors.equipment}>
                  {(p) => <textarea {...p} rows={2} defaultValue={editing?.equipment ?? ""} maxLength={2000} placeholder="Màn hình LED, điểm cầu trực tuyến…" />}
                </Field>
              </div>
              <div className="flex flex-wrap gap-2 pt-1 md:col-span-3">
                <button type="submit" className="btn-primary" disabled={busy}>
                  {editing ? "Lưu thay đổi" : "Thêm phòng họp"}
                </button>
                <Link to="/admin/rooms" className="btn-secondary">
                  {editing ? "Hủy" : "Đóng"}
                </Link>
              </div>
            </Form>
          </section>
        )}
        <section className="card overflow-hidden" aria-labelledby="rooms-title">
          <div className="card-header">
            <h2 id="rooms-title" className="card-title">Danh sách phòng họp</h2>
            <span className="text-sm text-slate-600">{rooms.length} phòng</span>
          </div>
          {rooms.length === 0 ? (
            <p className="px-4 py-6 text-sm text-slate-600">Chưa có phòng họp nào.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Phòng</th>
                    <th scope="col" className="whitespace-nowrap text-right">Sức chứa</th>
                    <th scope="col" className="hidden md:table-cell">Trang thiết bị</th>
                    <th scope="col" className="hidden sm:table-cell">Trạng thái</th>
                    <th scope="col" className="text-right">Thao tác</th>
                  </tr>
                </thead>
                <tbody>
                  {rooms.map((r) => (
                    <tr key={r.id} className={`${r.active ? "" : "bg-slate-50 text-slate-600"} ${editing?.id === r.id ? "bg-brand-50" : ""}`}>
                      <td>
                        <span className="font-medium text-slate-900">{r.name}</span>
                        {r.location && <div className="text-xs text-slate-600">{r.location}</div>}
                        {r.upcomingMeetings > 0 && <div className="text-xs text-slate-600">{r.upcomingMeetings} cuộc họp sắp tới</div>}
                        {r.equipment && <div className="mt-0.5 text-xs text-slate-600 md:hidden">{r.equipment}</div>}
                        {!r.active && (
                          <div className="mt-1 sm:hidden">
                            <ActiveBadge active={false} />
                          </div>
                        )}
                      </td>
                      <td className="text-right tabular-nums">{r.capacity}</td>
                      <td className="hidden max-w-xs md:table-cell">{r.equipment ?? <span className="text-slate-500">—</span>}</td>
                      <td className="hidden whitespace-nowrap sm:table-cell">
                        <ActiveBadge active={r.active} />
                      </td>
                      <td className="text-right">
                        <div className="flex flex-wrap justify-end gap-1.5">
                          <Link to={`?edit=${r.id}#room-form`} className="btn-secondary btn-sm" aria-label={`Sửa phòng ${r.name}`}>
                            Sửa
                          </Link>
                          <IntentButton
                            intent="set_active"
                            values={{ id: r.id, active: r.active ? "false" : "true" }}
                            label={r.active ? "Ngừng" : "Sử dụng lại"}
                            ariaLabel={r.active ? `Ngừng sử dụng phòng ${r.name}` : `Sử dụng lại phòng ${r.name}`}
                            confirm={
                              r.active
                                ? `Ngừng sử dụng “${r.name}”?${r.upcomingMeetings > 0 ? ` Phòng đang có ${r.upcomingMeetings} cuộc họp sắp tới; các cuộc họp đó vẫn giữ phòng.` : ""}`
                                : undefined
                            }
                          />
                        </div>
                      </td>
                    </tr>
                  ))}
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

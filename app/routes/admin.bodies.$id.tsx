import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { BodyFields } from "~/components/admin-body-form";
import { ActiveBadge, AdminFormMessage, fieldErrors, IntentButton, type AdminActionResult } from "~/components/admin-ui";
import { GeneralErrorBoundary } from "~/components/error-page";
import { Field, PageHeader } from "~/components/form";
import { failure, guardLoader, parseWith } from "~/lib/http.server";
import { BODY_KIND_LABELS, MEMBERSHIP_ROLE_LABELS } from "~/lib/labels";
import { requireUser } from "~/lib/session.server";
import { authorize } from "~/policies";
import {
  bodyActiveSchema,
  bodyIntentSchema,
  bodySchema,
  fieldsOf,
  formToRecord,
  memberAddSchema,
  memberRemoveSchema,
  memberRoleSchema,
  requireId,
} from "~/schemas/admin";
import { addBodyMember, changeBodyMemberRole, getBodyDetail, removeBodyMember, setBodyActive, updateBody } from "~/services/bodies.server";
import { listUnitOptions } from "~/services/units.server";
import { BODY_MEMBER_ROLES } from "../../models/enums";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.body.name ?? "Cơ quan họp"} · Quản trị · Phòng Họp Số` }];

const NOT_FOUND = "Không tìm thấy cơ quan họp.";
const M = fieldsOf(memberAddSchema);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    authorize(user, "body:manage");
    const bodyId = requireId(params.id, NOT_FOUND);
    const [detail, units] = await Promise.all([getBodyDetail({ actor: user, bodyId }), listUnitOptions()]);
    return json({ ...detail, units });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  try {
    authorize(actor, "body:manage");
    const bodyId = requireId(params.id, NOT_FOUND);
    const form = formToRecord(await request.formData());
    const { intent } = parseWith(bodyIntentSchema, form);
    switch (intent) {
      case "update": {
        const input = parseWith(bodySchema, form);
        await updateBody({ actor, bodyId, input });
        return json<AdminActionResult>({ ok: true, message: "Đã lưu thông tin cơ quan họp.", savedAt: Date.now() });
      }
      case "set_active": {
        const { active } = parseWith(bodyActiveSchema, form);
        await setBodyActive({ actor, bodyId, active });
        return json<AdminActionResult>({ ok: true, message: active ? "Đã kích hoạt lại cơ quan họp." : "Đã ngừng hoạt động cơ quan họp." });
      }
      case "add_member": {
        const { userId, role } = parseWith(memberAddSchema, form);
        const added = await addBodyMember({ actor, bodyId, userId, role });
        return json<AdminActionResult>({ ok: true, message: `Đã thêm ${added.fullName} (${MEMBERSHIP_ROLE_LABELS[role]}).`, savedAt: Date.now() });
      }
      case "change_role": {
        const { membershipId, role } = parseWith(memberRoleSchema, form);
        const changed = await changeBodyMemberRole({ actor, bodyId, membershipId, role });
        return json<AdminActionResult>({ ok: true, message: `Đã đổi vai trò của ${changed.fullName} thành “${MEMBERSHIP_ROLE_LABELS[role]}”.` });
      }
      case "remove_member": {
        const { membershipId } = parseWith(memberRemoveSchema, form);
        const removed = await removeBodyMember({ actor, bodyId, membershipId });
        return json<AdminActionResult>({ ok: true, message: `Đã bỏ ${removed.fullName} khỏi danh sách thành viên.` });
      }
    }
  } catch (e) {
    return failure(e);
  }
}

export default function EditBody() {
  const { body, members, candidates, units } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as AdminActionResult | undefined;
  const nav = useNavigation();
  const submitting = nav.state === "submitting" ? String(nav.formData?.get("intent") ?? "") : "";
  const [search] = useSearchParams();
  const errors = fieldErrors(result);
  const savedAt = result?.ok ? result.savedAt ?? 0 : 0;

  return (
    <>
      <PageHeader
        title={body.name}
        description={`${BODY_KIND_LABELS[body.kind] ?? body.kind} · Mã ${body.code} · ${members.length} thành viên, cần ít nhất ${body.quorum} người (${body.quorumNumerator}/${body.quorumDenominator})`}
        actions={
          <Link to="/admin/bodies" className="btn-secondary">
            ← Danh sách cơ quan họp
          </Link>
        }
      />
      {search.get("created") === "1" && !result && (
        <div role="status" className="mb-4 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
          Đã tạo cơ quan họp. Hãy thêm thành viên.
        </div>
      )}
      <AdminFormMessage result={result} />

      <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <section className="card overflow-hidden xl:order-2" aria-labelledby="members-title">
          <div className="card-header">
            <h2 id="members-title" className="card-title">Thành viên</h2>
            <span className="text-sm text-slate-600">{members.length} người</span>
          </div>
          {members.length === 0 ? (
            <p className="px-4 py-4 text-sm text-slate-600">Chưa có thành viên nào.</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {members.map((m) => (
                <li key={m.membershipId} className="flex flex-wrap items-center gap-3 px-4 py-3">
                  <div className="min-w-0 flex-1 basis-48">
                    <p className="font-medium text-slate-900">
                      {m.fullName}
                      {!m.userActive && <span className="badge ml-2 bg-slate-200 text-slate-700">Đã khóa</span>}
                    </p>
                    <p className="text-xs text-slate-600">{[m.title, m.unitName].filter(Boolean).join(" · ") || m.username}</p>
                  </div>
                  <Form method="post" className="flex items-center gap-1.5">
                    <input type="hidden" name="intent" value="change_role" />
                    <input type="hidden" name="membershipId" value={m.membershipId} />
                    <label htmlFor={`role-${m.membershipId}`} className="sr-only">
                      Vai trò của {m.fullName}
                    </label>
                    <select id={`role-${m.membershipId}`} name="role" defaultValue={m.role} key={`${m.membershipId}-${m.role}`} className="input w-auto py-1.5">
                      {BODY_MEMBER_ROLES.map((r) => (
                        <option key={r} value={r}>
                          {MEMBERSHIP_ROLE_LABELS[r]}
                        </option>
                      ))}
                    </select>
                    <button type="submit" className="btn-secondary btn-sm" aria-label={`Lưu vai trò của ${m.fullName}`}>
                      Lưu
                    </button>
                  </Form>
                  <IntentButton
                    intent="remove_member"
                    values={{ membershipId: m.membershipId }}
                    label="Bỏ"
                    className="btn-sm btn border border-red-200 bg-white text-flag-700 hover:bg-red-50"
                    ariaLabel={`Bỏ ${m.fullName} khỏi cơ quan họp`}
                    confirm={`Bỏ ${m.fullName} khỏi ${body.name}?`}
                  />
                </li>
              ))}
            </ul>
          )}
          <Form method="post" className="space-y-3 border-t border-slate-200 bg-slate-50 p-4" noValidate key={`add-${savedAt}`}>
            <h3 className="text-sm font-semibold text-slate-900">Thêm thành viên</h3>
            <input type="hidden" name="intent" value="add_member" />
            <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_11rem]">
              <Field name={M.userId} label="Người dùng" error={errors.userId}>
                {(p) => (
                  <select {...p} defaultValue="">
                    <option value="">— Chọn người dùng —</option>
                    {candidates.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.fullName}
                        {c.title || c.unitName ? ` — ${[c.title, c.unitName].filter(Boolean).join(", ")}` : ""}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field name={M.role} label="Vai trò" error={errors.role}>
                {(p) => (
                  <select {...p} defaultValue="member">
                    {BODY_MEMBER_ROLES.map((r) => (
                      <option key={r} value={r}>
                        {MEMBERSHIP_ROLE_LABELS[r]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            <button type="submit" className="btn-primary" disabled={submitting === "add_member"}>
              Thêm vào cơ quan họp
            </button>
          </Form>
        </section>

        <section className="card p-4 sm:p-6 xl:order-1" aria-labelledby="body-title">
          <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
            <h2 id="body-title" className="card-title">Thông tin cơ quan họp</h2>
            <ActiveBadge active={body.active} />
          </div>
          <Form method="post" className="space-y-4" noValidate key={`body-${savedAt}`}>
            <input type="hidden" name="intent" value="update" />
            <BodyFields values={body} errors={errors} units={units} />
            <button type="submit" className="btn-primary" disabled={submitting === "update"}>
              Lưu thay đổi
            </button>
          </Form>
          <div className="mt-6 border-t border-slate-200 pt-4">
            <IntentButton
              intent="set_active"
              values={{ active: body.active ? "false" : "true" }}
              label={body.active ? "Ngừng hoạt động cơ quan họp" : "Kích hoạt lại cơ quan họp"}
              className={body.active ? "btn-secondary" : "btn-primary"}
              confirm={body.active ? `Ngừng hoạt động ${body.name}? Cơ quan này sẽ không còn được chọn cho cuộc họp mới.` : undefined}
            />
          </div>
        </section>
      </div>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CalendarFeedSection } from "~/components/calendar-feed";
import { GeneralErrorBoundary } from "~/components/error-page";
import { Field, FormMessage, PageHeader } from "~/components/form";
import { formatDateTime } from "~/lib/dates";
import { useLocale } from "~/lib/i18n";
import { failure, parseWith, type ActionFailure } from "~/lib/http.server";
import { ROLE_LABELS } from "~/lib/labels";
import { getSession, requireUser } from "~/lib/session.server";
import { changePasswordSchema } from "~/schemas/auth";
import { feedUrls } from "~/services/calendar.server";
import { changeOwnPassword, getProfile, regenerateCalendarToken } from "~/services/users.server";

const LANGUAGES = [
  { value: "vi", label: "Tiếng Việt" },
  { value: "en", label: "English" },
] as const;

export const meta: MetaFunction = () => [{ title: "Thông tin cá nhân · Phòng Họp Số" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { calendarToken, ...profile } = await getProfile(user.id);
  return json({ profile, feed: feedUrls(new URL(request.url).origin, calendarToken) });
}

const intentSchema = z.object({ intent: z.enum(["password", "calendar_token"], { errorMap: () => ({ message: "Thao tác không hợp lệ." }) }) });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  try {
    const form = Object.fromEntries(await request.formData());
    const { intent } = parseWith(intentSchema, form);
    if (intent === "calendar_token") {
      await regenerateCalendarToken({ actor: user });
      return json({ ok: true as const, intent, message: "Đã tạo địa chỉ lịch mới. Địa chỉ cũ (nếu có) không còn dùng được: hãy đăng ký lại trong ứng dụng lịch." });
    }
    const input = parseWith(changePasswordSchema, form);
    const session = await getSession(request);
    await changeOwnPassword({ actor: user, currentPassword: input.currentPassword, newPassword: input.newPassword, keepSessionId: session.id });
    return json({ ok: true as const, intent, message: "Đã đổi mật khẩu. Các thiết bị khác đã được đăng xuất." });
  } catch (e) {
    return failure(e);
  }
}

export default function Me() {
  const { profile, feed } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const actionResult = useActionData<typeof action>() as ActionFailure | { ok: true; intent: "password" | "calendar_token"; message: string } | undefined;
  const calendarResult = actionResult?.ok && actionResult.intent === "calendar_token" ? actionResult : undefined;
  const result = calendarResult ? undefined : actionResult;
  const fields = result && !result.ok ? result.fields ?? {} : {};
  return (
    <div className="mx-auto max-w-4xl px-4 py-6">
      <PageHeader title="Thông tin cá nhân" description="Tài khoản, vai trò, mật khẩu và lịch cá nhân của bạn." />
      <div className="grid gap-6 md:grid-cols-2">
        <section className="card p-4" aria-labelledby="profile-title">
          <h2 id="profile-title" className="card-title mb-3">{profile.fullName}</h2>
          <dl className="grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
            <dt className="text-slate-500">Tên đăng nhập</dt><dd>{profile.username}</dd>
            <dt className="text-slate-500">Chức vụ</dt><dd>{profile.title || "—"}</dd>
            <dt className="text-slate-500">Đơn vị</dt><dd>{profile.unitName || "—"}</dd>
            <dt className="text-slate-500">Vai trò</dt><dd>{profile.roles.map((r) => ROLE_LABELS[r] ?? r).join(", ")}</dd>
            <dt className="text-slate-500">Thư điện tử</dt><dd>{profile.email || "—"}</dd>
            <dt className="text-slate-500">Đăng nhập gần nhất</dt><dd>{formatDateTime(profile.lastLoginAt) || "—"}</dd>
          </dl>
          <Form method="post" action="/logout" className="mt-4">
            <button type="submit" className="btn-secondary">Đăng xuất</button>
          </Form>
        </section>
        <section className="card p-4" aria-labelledby="password-title">
          <h2 id="password-title" className="card-title mb-3">Đổi mật khẩu</h2>
          <FormMessage result={result} />
          <Form method="post" className="space-y-3" noValidate>
            <input type="hidden" name="intent" value="password" />
            <Field name="currentPassword" label="Mật khẩu hiện tại" error={fields.currentPassword}>
              {(p) => <input {...p} type="password" autoComplete="current-password" />}
            </Field>
            <Field name="newPassword" label="Mật khẩu mới" error={fields.newPassword} hint="Ít nhất 8 ký tự, có chữ và số.">
              {(p) => <input {...p} type="password" autoComplete="new-password" />}
            </Field>
            <Field name="confirmPassword" label="Nhập lại mật khẩu mới" error={fields.confirmPassword}>
              {(p) => <input {...p} type="password" autoComplete="new-password" />}
            </Field>
            <button className="btn-primary" type="submit">Đổi mật khẩu</button>
          </Form>
        </section>
        <section className="card p-4 md:col-span-2" aria-labelledby="language-title">
          <h2 id="language-title" className="card-title mb-3">Ngôn ngữ giao diện <span lang="en" className="font-normal text-slate-500">· Language</span></h2>
          {/* The same switch as the header's (which is hidden below md): /locale keeps it on the account and comes back here. */}
          <Form method="post" action="/locale" className="flex flex-wrap gap-2">
            {LANGUAGES.map(({ value, label }) => (
              <button key={value} type="submit" name="locale" value={value} lang={value} aria-pressed={locale === value} className={locale === value ? "btn-primary" : "btn-secondary"}>
                {label}
              </button>
            ))}
          </Form>
        </section>
        <div className="md:col-span-2">
          <FormMessage result={calendarResult} />
          <CalendarFeedSection urls={feed} />
        </div>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

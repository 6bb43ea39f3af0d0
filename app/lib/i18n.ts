import { useRouteLoaderData } from "@remix-run/react";
import type { Locale } from "./current-user";

// Vietnamese first; English is kept per user (users.locale) or per visitor (cookie).
const vi = {
  "app.name": "Phòng Họp Số",
  "app.tagline": "Quản lý cuộc họp, biên bản và nhiệm vụ",
  "app.owner": "UBND Thành phố Hà Nội",
  "nav.home": "Trang chủ",
  "nav.meetings": "Lịch họp",
  "nav.directives": "Văn bản chỉ đạo",
  "nav.tasks": "Nhiệm vụ",
  "nav.reports": "Báo cáo",
  "nav.admin": "Quản trị",
  "nav.menu": "Danh mục",
  "nav.skip": "Bỏ qua, đến nội dung chính",
  "user.me": "Thông tin cá nhân",
  "user.signOut": "Đăng xuất",
  "user.language": "English",
  "user.notifications": "Thông báo",
  "login.title": "Đăng nhập",
  "login.subtitle": "Sử dụng tài khoản do Văn phòng cấp.",
  "login.username": "Tên đăng nhập",
  "login.password": "Mật khẩu",
  "login.submit": "Đăng nhập",
  "login.submitting": "Đang đăng nhập…",
  "home.greeting": "Xin chào",
  "home.today": "Hôm nay",
  "home.upcoming": "Cuộc họp sắp tới",
  "home.noUpcoming": "Không có cuộc họp nào sắp tới.",
  "home.myTasks": "Nhiệm vụ của tôi cần chú ý",
  "home.noTasks": "Không có nhiệm vụ nào sắp đến hạn hoặc quá hạn.",
  "home.notifications": "Thông báo mới",
  "home.noNotifications": "Không có thông báo mới.",
  "task.content": "Nội dung nhiệm vụ",
  "task.leadUnit": "Đơn vị chủ trì",
  "task.deadline": "Thời hạn",
  "task.progress": "Tiến độ",
  "task.status": "Tình trạng",
  "task.starred": "Nhiệm vụ trọng tâm",
  "task.byDirective": "Theo văn bản {label}",
  "common.save": "Lưu",
  "common.cancel": "Hủy",
  "common.create": "Thêm mới",
  "common.edit": "Sửa",
  "common.back": "Quay lại",
  "common.search": "Tìm kiếm",
  "common.actions": "Thao tác",
  "common.yes": "Có",
  "common.no": "Không",
  "common.active": "Đang hoạt động",
  "common.inactive": "Ngừng hoạt động",
  "error.title": "Đã có lỗi xảy ra",
  "error.404": "Không tìm thấy trang hoặc nội dung bạn yêu cầu.",
  "error.403": "Bạn không có quyền truy cập nội dung này.",
  "error.500": "Hệ thống gặp sự cố. Vui lòng thử lại sau ít phút; nếu vẫn lỗi, hãy báo Văn phòng.",
  "error.home": "Về trang chủ",
  "file.choose": "Chọn tệp",
  "file.none": "Chưa chọn tệp",
  "file.many": "{n} tệp đã chọn",
} as const;

export type MessageKey = keyof typeof vi;

const en: Record<MessageKey, string> = {
  "app.name": "Digital Meeting Room",
  "app.tagline": "Meetings, minutes and directive tasks",
  "app.owner": "Hanoi People's Committee",
  "nav.home": "Home",
  "nav.meetings": "Meetings",
  "nav.directives": "Directives",
  "nav.tasks": "Tasks",
  "nav.reports": "Reports",
  "nav.admin": "Administration",
  "nav.menu": "Menu",
  "nav.skip": "Skip to main content",
  "user.me": "My profile",
  "user.signOut": "Sign out",
  "user.language": "Tiếng Việt",
  "user.notifications": "Notifications",
  "login.title": "Sign in",
  "login.subtitle": "Use the account issued by the Office.",
  "login.username": "Username",
  "login.password": "Password",
  "login.submit": "Sign in",
  "login.submitting": "Signing in…",
  "home.greeting": "Hello",
  "home.today": "Today",
  "home.upcoming": "Upcoming meetings",
  "home.noUpcoming": "No upcoming meetings.",
  "home.myTasks": "My tasks needing attention",
  "home.noTasks": "No tasks due soon or overdue.",
  "home.notifications": "New notifications",
  "home.noNotifications": "No new notifications.",
  "task.content": "Task",
  "task.leadUnit": "Lead unit",
  "task.deadline": "Deadline",
  "task.progress": "Progress",
  "task.status": "Status",
  "task.starred": "Priority task",
  "task.byDirective": "Under {label}",
  "common.save": "Save",
  "common.cancel": "Cancel",
  "common.create": "Add",
  "common.edit": "Edit",
  "common.back": "Back",
  "common.search": "Search",
  "common.actions": "Actions",
  "common.yes": "Yes",
  "common.no": "No",
  "common.active": "Active",
  "common.inactive": "Inactive",
  "error.title": "Something went wrong",
  "error.404": "The page or item you asked for was not found.",
  "error.403": "You do not have permission to access this.",
  "error.500": "The system had a problem. Please try again in a few minutes, or tell the Office.",
  "error.home": "Back to home",
  "file.choose": "Choose files",
  "file.none": "No file chosen",
  "file.many": "{n} files chosen",
};

const dictionaries: Record<Locale, Record<MessageKey, string>> = { vi, en };

export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>) {
  let s = dictionaries[locale]?.[key] ?? vi[key];
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as { locale?: Locale } | undefined;
  return data?.locale ?? "vi";
}

export function useT() {
  const locale = useLocale();
  return (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);
}

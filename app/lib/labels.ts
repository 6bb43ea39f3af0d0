// Vietnamese words of government work for the values stored in English codes.
export const MEETING_STATUS_LABELS: Record<string, string> = {
  draft: "Nháp",
  convened: "Đã triệu tập",
  in_progress: "Đang họp",
  ended: "Đã kết thúc",
  postponed: "Hoãn",
  cancelled: "Đã hủy",
};
export const MEETING_KIND_LABELS: Record<string, string> = {
  regular: "Thường kỳ",
  thematic: "Chuyên đề",
  extraordinary: "Bất thường",
  briefing: "Giao ban",
};
export const CONFIDENTIALITY_LABELS: Record<string, string> = { normal: "Thường", restricted: "Hạn chế", secret: "Mật" };
export const BODY_KIND_LABELS: Record<string, string> = { state: "UBND (chính quyền)", party: "Ban Cán sự Đảng" };
export const MEMBERSHIP_ROLE_LABELS: Record<string, string> = { chair: "Chủ trì", vice_chair: "Phó Chủ trì", member: "Thành viên", secretary: "Thư ký" };
export const UNIT_KIND_LABELS: Record<string, string> = {
  department: "Sở, ban, ngành",
  district: "Quận, huyện, thị xã",
  ward: "Phường, xã, thị trấn",
  office: "Văn phòng",
  other: "Khác",
};
export const ROLE_LABELS: Record<string, string> = {
  admin: "Quản trị hệ thống",
  secretariat: "Văn phòng (thư ký)",
  leader: "Lãnh đạo",
  member: "Thành viên",
  staff: "Cán bộ đơn vị",
  viewer: "Chỉ xem",
};
export const DIRECTIVE_STATUS_LABELS: Record<string, string> = { active: "Còn hiệu lực", expired: "Hết hiệu lực", replaced: "Được thay thế" };

// The signed-in user as routes, policies and components see it: a plain object,
// never a model instance.
export type Role = "admin" | "secretariat" | "leader" | "member" | "staff" | "viewer";
export const ROLE_VALUES: readonly Role[] = ["admin", "secretariat", "leader", "member", "staff", "viewer"];
export type Locale = "vi" | "en";

export type CurrentUser = {
  id: number;
  username: string;
  fullName: string;
  title: string | null;
  unitId: number | null;
  unitName: string | null;
  roles: Role[];
  locale: Locale;
};

import type { Role } from "../../app/lib/current-user";
import { can, canJoinStaticRoom, canSeeMeeting, navigationFor, type MeetingAccess } from "../../app/policies";

const actor = (roles: Role[], id = 10, unitId: number | null = 5) => ({ id, roles, unitId });
const ROLES: Role[] = ["admin", "secretariat", "leader", "member", "staff", "viewer"];

describe("policy module (deny by default)", () => {
  test("admin sections by role", () => {
    const expected: Record<string, Role[]> = {
      "admin:view": ["admin", "secretariat"],
      "unit:manage": ["admin"],
      "user:manage": ["admin"],
      "body:manage": ["admin", "secretariat"],
      "room:manage": ["admin", "secretariat"],
      "audit:view": ["admin"],
    };
    for (const [action, allowed] of Object.entries(expected)) {
      for (const role of ROLES) {
        expect([action, role, can(actor([role]), action as "admin:view")]).toEqual([action, role, allowed.includes(role)]);
      }
    }
  });

  test("nobody, and unknown actions, are denied", () => {
    expect(can(null, "admin:view")).toBe(false);
    expect(can(actor(["admin"]), "no:such-action" as "admin:view")).toBe(false);
    expect(can(actor([]), "directive:list")).toBe(false);
  });

  test("meeting visibility: roles × confidentiality × body kind × relation", () => {
    const confidentialities: MeetingAccess["confidentiality"][] = ["normal", "restricted", "secret"];
    const kinds: MeetingAccess["bodyKind"][] = ["state", "party"];
    for (const role of ROLES) {
      for (const confidentiality of confidentialities) {
        for (const bodyKind of kinds) {
          for (const relation of ["none", "invitee", "member"] as const) {
            const m: MeetingAccess = { confidentiality, bodyKind, isInvitee: relation === "invitee", isBodyMember: relation === "member" };
            const expected = role === "secretariat" || relation !== "none" || (confidentiality === "normal" && bodyKind === "state");
            expect([role, confidentiality, bodyKind, relation, canSeeMeeting(actor([role]), m)]).toEqual([role, confidentiality, bodyKind, relation, expected]);
            expect(can(actor([role]), "meeting:view", m)).toBe(expected);
          }
        }
      }
    }
  });

  test("drafts are seen by the secretariat and the meeting's chair and secretary only", () => {
    const draft: MeetingAccess = { confidentiality: "normal", bodyKind: "state", isInvitee: true, isBodyMember: true, isDraft: true };
    for (const role of ROLES) {
      expect([role, canSeeMeeting(actor([role]), draft)]).toEqual([role, role === "secretariat"]);
      expect([role, canSeeMeeting(actor([role]), { ...draft, isLead: true })]).toEqual([role, true]);
    }
  });

  test("static socket rooms", () => {
    const u = actor(["staff"], 10, 5);
    expect(canJoinStaticRoom(u, "user:10")).toBe(true);
    expect(canJoinStaticRoom(u, "user:11")).toBe(false);
    expect(canJoinStaticRoom(u, "unit:5")).toBe(true);
    expect(canJoinStaticRoom(u, "unit:6")).toBe(false);
    expect(canJoinStaticRoom(actor(["secretariat"]), "unit:6")).toBe(true);
    expect(canJoinStaticRoom(u, "meeting:1")).toBe(false);
    expect(canJoinStaticRoom(u, "user:abc")).toBe(false);
  });

  test("navigation follows the same rules", () => {
    expect(navigationFor(actor(["staff"]))).toEqual({ meetings: true, directives: true, tasks: true, reports: false, admin: false });
    // Admin is a technical role: reports list task contents, which only those who see every task may read.
    expect(navigationFor(actor(["admin"]))).toMatchObject({ reports: false, admin: true });
    expect(navigationFor(actor(["leader"]))).toMatchObject({ reports: true });
  });
});

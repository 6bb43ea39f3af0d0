// Small factories for tests against a real database. Each takes the Db from
// getDb() and a partial override; unique fields get a per-process counter so
// factories can be called many times in one test.
import { hash } from "@node-rs/argon2";
import type { InferCreationAttributes, Transaction } from "sequelize";
import type { Body, Db, Directive, Meeting, Role, Task, Unit, User } from "../models";

let seq = 0;
const next = () => ++seq;

type Opts = { transaction?: Transaction };

// Hashing is deliberately slow; most tests only need *a* valid hash, so the
// default password is hashed once and reused.
const DEFAULT_PASSWORD = "Test@12345";
let defaultHash: Promise<string> | null = null;
function passwordHashFor(password?: string) {
  if (password === undefined || password === DEFAULT_PASSWORD) return (defaultHash ??= hash(DEFAULT_PASSWORD));
  return hash(password);
}
export { DEFAULT_PASSWORD };

export async function createUnit(db: Db, attrs: Partial<InferCreationAttributes<Unit>> = {}, opts: Opts = {}) {
  const n = next();
  return db.Unit.create({ code: `U${n}`, name: `Đơn vị thử nghiệm ${n}`, kind: "department", ...attrs }, opts);
}

export type CreateUserProps = Partial<Omit<InferCreationAttributes<User>, "passwordHash" | "roles">> & {
  roles?: Role[];
  password?: string;
};

export async function createUser(db: Db, props: CreateUserProps = {}, opts: Opts = {}) {
  const n = next();
  const { password, roles, ...attrs } = props;
  return db.User.create(
    {
      username: `user${n}`,
      fullName: `Người dùng ${n}`,
      roles: roles ?? ["staff"],
      passwordHash: await passwordHashFor(password),
      ...attrs,
    },
    opts,
  );
}

export async function createBody(db: Db, attrs: Partial<InferCreationAttributes<Body>> = {}, opts: Opts = {}) {
  const n = next();
  return db.Body.create({ code: `B${n}`, name: `Cơ quan họp ${n}`, kind: "state", ...attrs }, opts);
}

export async function createMeeting(
  db: Db,
  attrs: Partial<InferCreationAttributes<Meeting>> = {},
  opts: Opts = {},
) {
  const n = next();
  const bodyId = attrs.bodyId ?? (await createBody(db, {}, opts)).id;
  const startsAt = attrs.startsAt ?? new Date(Date.now() + 24 * 3600_000);
  const endsAt = attrs.endsAt ?? new Date(new Date(startsAt).getTime() + 2 * 3600_000);
  return db.Meeting.create({ title: `Cuộc họp ${n}`, kind: "regular", ...attrs, bodyId, startsAt, endsAt }, opts);
}

export async function createDirective(
  db: Db,
  attrs: Partial<InferCreationAttributes<Directive>> = {},
  opts: Opts = {},
) {
  const n = next();
  return db.Directive.create(
    {
      kind: "CT",
      numberFormat: "party",
      number: String(n),
      symbol: "CT/TU",
      year: 2023,
      issuer: "Ban Thường vụ Thành ủy",
      issuedOn: "2023-08-07",
      summary: `Chỉ thị thử nghiệm số ${n}`,
      ...attrs,
    },
    opts,
  );
}

export type CreateTaskProps = Partial<InferCreationAttributes<Task>> & { coordinatingUnitIds?: number[] };

export async function createTask(db: Db, props: CreateTaskProps = {}, opts: Opts = {}) {
  const n = next();
  const { coordinatingUnitIds, ...attrs } = props;
  const leadUnitId = attrs.leadUnitId ?? (await createUnit(db, {}, opts)).id;
  const deadline = attrs.deadlineKind === "none" ? null : (attrs.deadline ?? "2030-12-31");
  const task = await db.Task.create(
    { content: `Nhiệm vụ thử nghiệm ${n}`, ...attrs, leadUnitId, deadline, originalDeadline: attrs.originalDeadline ?? deadline },
    opts,
  );
  if (coordinatingUnitIds?.length) {
    await db.TaskCoordinator.bulkCreate(coordinatingUnitIds.map((unitId) => ({ taskId: task.id, unitId })), opts);
  }
  return task;
}

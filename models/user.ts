import {
  DataTypes,
  Model,
  Op,
  type CreationOptional,
  type ForeignKey,
  type InferAttributes,
  type InferCreationAttributes,
  type NonAttribute,
  type Sequelize,
  type WhereOptions,
} from "sequelize";
import type { Body } from "./body";
import type { BodyMembership } from "./body-membership";
import { enumColumn, timestamps } from "./columns";
import { LOCALES, ROLES, type Locale, type Role } from "./enums";
import type { Unit } from "./unit";

/** Parses the comma-separated column; unknown names are dropped, order follows ROLES. */
export function parseRoles(value: unknown): Role[] {
  const list = Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : [];
  const wanted = new Set(list.map((r) => String(r).trim()));
  return ROLES.filter((r) => wanted.has(r));
}

export class User extends Model<InferAttributes<User>, InferCreationAttributes<User>> {
  declare id: CreationOptional<number>;
  declare username: string;
  declare fullName: string;
  declare title: CreationOptional<string | null>;
  declare email: CreationOptional<string | null>;
  declare phone: CreationOptional<string | null>;
  declare unitId: CreationOptional<ForeignKey<number> | null>;
  /** Stored as "leader,member"; exposed as an array. */
  declare roles: CreationOptional<Role[]>;
  declare passwordHash: string;
  declare locale: CreationOptional<Locale>;
  declare calendarToken: CreationOptional<string | null>;
  declare active: CreationOptional<boolean>;
  declare lastLoginAt: CreationOptional<Date | null>;
  declare passwordChangedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare unit?: NonAttribute<Unit | null>;
  declare memberships?: NonAttribute<BodyMembership[]>;
  declare bodies?: NonAttribute<Body[]>;

  hasRole(role: Role): boolean {
    return this.roles.includes(role);
  }

  hasAnyRole(...roles: Role[]): boolean {
    return roles.some((r) => this.roles.includes(r));
  }

  /**
   * A where-clause for "users having this role". A LIKE is exact here because
   * no role name is a substring of another.
   */
  static whereHasRole(role: Role): WhereOptions {
    return { roles: { [Op.like]: `%${role}%` } } as WhereOptions;
  }

  static initModel(sequelize: Sequelize) {
    User.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        username: {
          type: DataTypes.STRING(64),
          allowNull: false,
          validate: { notEmpty: true },
          // Sign-in is case-insensitive on every dialect because we only ever store lowercase.
          set(this: User, value: string) {
            this.setDataValue("username", String(value).trim().toLowerCase());
          },
        },
        fullName: { type: DataTypes.STRING(255), allowNull: false, validate: { notEmpty: true } },
        title: { type: DataTypes.STRING(255), allowNull: true },
        email: { type: DataTypes.STRING(255), allowNull: true, validate: { isEmail: true } },
        phone: { type: DataTypes.STRING(32), allowNull: true },
        unitId: { type: DataTypes.INTEGER, allowNull: true },
        roles: {
          type: DataTypes.STRING(200),
          allowNull: false,
          defaultValue: "viewer",
          get(this: User) {
            return parseRoles(this.getDataValue("roles") as unknown);
          },
          set(this: User, value: Role[] | string) {
            this.setDataValue("roles", parseRoles(value).join(",") as unknown as Role[]);
          },
          validate: {
            knownRoles(value: unknown) {
              const names = String(value ?? "").split(",").filter(Boolean);
              if (names.length === 0) throw new Error("at least one role is required");
              for (const n of names) if (!(ROLES as readonly string[]).includes(n)) throw new Error(`unknown role: ${n}`);
            },
          },
        },
        passwordHash: { type: DataTypes.STRING(255), allowNull: false },
        locale: enumColumn(LOCALES, { defaultValue: "vi", length: 8 }),
        calendarToken: { type: DataTypes.STRING(64), allowNull: true },
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        lastLoginAt: { type: DataTypes.DATE, allowNull: true },
        passwordChangedAt: { type: DataTypes.DATE, allowNull: true },
        ...timestamps,
      },
      { sequelize, tableName: "users", modelName: "User" },
    );
    return User;
  }

  /** Presenters pick fields explicitly; this only keeps the hash out of an accidental `json(user)`. */
  toJSON<T extends InferAttributes<User>>(): T {
    const { passwordHash: _omit, ...rest } = super.toJSON() as Record<string, unknown>;
    return rest as T;
  }
}

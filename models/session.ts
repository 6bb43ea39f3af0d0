import { randomBytes } from "node:crypto";
import {
  DataTypes,
  Model,
  type CreationOptional,
  type ForeignKey,
  type InferAttributes,
  type InferCreationAttributes,
  type NonAttribute,
  type Sequelize,
} from "sequelize";
import { timestamps } from "./columns";
import type { User } from "./user";

/** Server-side session; the cookie carries only the random id. */
export class Session extends Model<InferAttributes<Session>, InferCreationAttributes<Session>> {
  /** 256 random bits, base64url; generated when not given. */
  declare id: CreationOptional<string>;
  declare userId: ForeignKey<number>;
  /** Serialized session data (the session storage owns the format). */
  declare data: string;
  declare expiresAt: Date;
  declare ip: CreationOptional<string | null>;
  declare userAgent: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare user?: NonAttribute<User>;

  static newId() {
    return randomBytes(32).toString("base64url");
  }

  static initModel(sequelize: Sequelize) {
    Session.init(
      {
        id: { type: DataTypes.STRING(64), primaryKey: true, defaultValue: () => Session.newId() },
        userId: { type: DataTypes.INTEGER, allowNull: false },
        data: { type: DataTypes.TEXT, allowNull: false },
        expiresAt: { type: DataTypes.DATE, allowNull: false },
        ip: { type: DataTypes.STRING(64), allowNull: true },
        userAgent: {
          type: DataTypes.STRING(255),
          allowNull: true,
          // Browsers send arbitrarily long agents; the column is for display only.
          set(this: Session, value: string | null) {
            this.setDataValue("userAgent", value ? value.slice(0, 255) : null);
          },
        },
        ...timestamps,
      },
      { sequelize, tableName: "sessions", modelName: "Session" },
    );
    return Session;
  }
}

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
import { enumColumn, timestamps } from "./columns";
import { EXTENSION_STATUSES, type ExtensionStatus } from "./enums";
import type { Task } from "./task";
import type { User } from "./user";

/** Xin gia hạn. */
export class ExtensionRequest extends Model<InferAttributes<ExtensionRequest>, InferCreationAttributes<ExtensionRequest>> {
  declare id: CreationOptional<number>;
  declare taskId: ForeignKey<number>;
  declare requestedById: ForeignKey<number>;
  declare previousDeadline: CreationOptional<string | null>;
  declare requestedDeadline: string;
  declare reason: string;
  declare status: CreationOptional<ExtensionStatus>;
  declare decidedById: CreationOptional<ForeignKey<number> | null>;
  declare decidedAt: CreationOptional<Date | null>;
  declare decisionNote: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare task?: NonAttribute<Task>;
  declare requestedBy?: NonAttribute<User>;
  declare decidedBy?: NonAttribute<User | null>;

  static initModel(sequelize: Sequelize) {
    ExtensionRequest.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        taskId: { type: DataTypes.INTEGER, allowNull: false },
        requestedById: { type: DataTypes.INTEGER, allowNull: false },
        previousDeadline: { type: DataTypes.DATEONLY, allowNull: true },
        requestedDeadline: { type: DataTypes.DATEONLY, allowNull: false },
        reason: { type: DataTypes.TEXT, allowNull: false, validate: { notEmpty: true } },
        status: enumColumn(EXTENSION_STATUSES, { defaultValue: "pending", length: 16 }),
        decidedById: { type: DataTypes.INTEGER, allowNull: true },
        decidedAt: { type: DataTypes.DATE, allowNull: true },
        decisionNote: { type: DataTypes.TEXT, allowNull: true },
        ...timestamps,
      },
      { sequelize, tableName: "extension_requests", modelName: "ExtensionRequest" },
    );
    return ExtensionRequest;
  }
}

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

export class Notification extends Model<InferAttributes<Notification>, InferCreationAttributes<Notification>> {
  declare id: CreationOptional<number>;
  declare userId: ForeignKey<number>;
  /** e.g. "task.assigned", "meeting.convened". */
  declare kind: string;
  declare title: string;
  declare body: CreationOptional<string | null>;
  declare url: CreationOptional<string | null>;
  declare entityType: CreationOptional<string | null>;
  declare entityId: CreationOptional<number | null>;
  declare readAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare user?: NonAttribute<User>;

  static initModel(sequelize: Sequelize) {
    Notification.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        userId: { type: DataTypes.INTEGER, allowNull: false },
        kind: { type: DataTypes.STRING(50), allowNull: false },
        title: { type: DataTypes.STRING(500), allowNull: false },
        body: { type: DataTypes.TEXT, allowNull: true },
        url: { type: DataTypes.STRING(500), allowNull: true },
        entityType: { type: DataTypes.STRING(32), allowNull: true },
        entityId: { type: DataTypes.INTEGER, allowNull: true },
        readAt: { type: DataTypes.DATE, allowNull: true },
        ...timestamps,
      },
      { sequelize, tableName: "notifications", modelName: "Notification" },
    );
    return Notification;
  }
}

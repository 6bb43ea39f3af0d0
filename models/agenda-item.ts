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
import type { Document } from "./document";
import { AGENDA_ITEM_STATUSES, type AgendaItemStatus } from "./enums";
import type { Meeting } from "./meeting";
import type { Unit } from "./unit";
import type { User } from "./user";

/** Nội dung họp. */
export class AgendaItem extends Model<InferAttributes<AgendaItem>, InferCreationAttributes<AgendaItem>> {
  declare id: CreationOptional<number>;
  declare meetingId: ForeignKey<number>;
  declare position: number;
  declare title: string;
  declare description: CreationOptional<string | null>;
  declare presenterUnitId: CreationOptional<ForeignKey<number> | null>;
  declare presenterUserId: CreationOptional<ForeignKey<number> | null>;
  declare durationMinutes: CreationOptional<number>;
  declare status: CreationOptional<AgendaItemStatus>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare meeting?: NonAttribute<Meeting>;
  declare presenterUnit?: NonAttribute<Unit | null>;
  declare presenterUser?: NonAttribute<User | null>;
  declare documents?: NonAttribute<Document[]>;

  static initModel(sequelize: Sequelize) {
    AgendaItem.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        meetingId: { type: DataTypes.INTEGER, allowNull: false },
        position: { type: DataTypes.INTEGER, allowNull: false },
        title: { type: DataTypes.STRING(500), allowNull: false, validate: { notEmpty: true } },
        description: { type: DataTypes.TEXT, allowNull: true },
        presenterUnitId: { type: DataTypes.INTEGER, allowNull: true },
        presenterUserId: { type: DataTypes.INTEGER, allowNull: true },
        durationMinutes: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 15, validate: { min: 0 } },
        status: enumColumn(AGENDA_ITEM_STATUSES, { defaultValue: "pending" }),
        ...timestamps,
      },
      { sequelize, tableName: "agenda_items", modelName: "AgendaItem" },
    );
    return AgendaItem;
  }
}

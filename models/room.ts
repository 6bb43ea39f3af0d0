import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type NonAttribute,
  type Sequelize,
} from "sequelize";
import { timestamps } from "./columns";
import type { Meeting } from "./meeting";

export class Room extends Model<InferAttributes<Room>, InferCreationAttributes<Room>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare location: CreationOptional<string | null>;
  declare capacity: number;
  /** Free text, e.g. "Màn hình LED, điểm cầu trực tuyến". */
  declare equipment: CreationOptional<string | null>;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare meetings?: NonAttribute<Meeting[]>;

  static initModel(sequelize: Sequelize) {
    Room.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        name: { type: DataTypes.STRING(255), allowNull: false, validate: { notEmpty: true } },
        location: { type: DataTypes.STRING(255), allowNull: true },
        capacity: { type: DataTypes.INTEGER, allowNull: false, validate: { min: 0 } },
        equipment: { type: DataTypes.TEXT, allowNull: true },
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        ...timestamps,
      },
      { sequelize, tableName: "rooms", modelName: "Room" },
    );
    return Room;
  }
}

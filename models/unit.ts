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
import { UNIT_KINDS, type UnitKind } from "./enums";
import type { User } from "./user";

/** Đơn vị: sở/ban/ngành, quận/huyện, phường/xã, văn phòng. */
export class Unit extends Model<InferAttributes<Unit>, InferCreationAttributes<Unit>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare name: string;
  declare shortName: CreationOptional<string | null>;
  declare kind: UnitKind;
  declare parentId: CreationOptional<ForeignKey<number> | null>;
  declare position: CreationOptional<number>;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare parent?: NonAttribute<Unit | null>;
  declare children?: NonAttribute<Unit[]>;
  declare users?: NonAttribute<User[]>;

  static initModel(sequelize: Sequelize) {
    Unit.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        code: { type: DataTypes.STRING(50), allowNull: false, validate: { notEmpty: true } },
        name: { type: DataTypes.STRING(255), allowNull: false, validate: { notEmpty: true } },
        shortName: { type: DataTypes.STRING(100), allowNull: true },
        kind: enumColumn(UNIT_KINDS),
        parentId: { type: DataTypes.INTEGER, allowNull: true },
        position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        ...timestamps,
      },
      { sequelize, tableName: "units", modelName: "Unit" },
    );
    return Unit;
  }
}

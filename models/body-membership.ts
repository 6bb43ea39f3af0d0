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
import type { Body } from "./body";
import { enumColumn, timestamps } from "./columns";
import { BODY_MEMBER_ROLES, type BodyMemberRole } from "./enums";
import type { User } from "./user";

export class BodyMembership extends Model<InferAttributes<BodyMembership>, InferCreationAttributes<BodyMembership>> {
  declare id: CreationOptional<number>;
  declare bodyId: ForeignKey<number>;
  declare userId: ForeignKey<number>;
  declare role: BodyMemberRole;
  declare position: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare body?: NonAttribute<Body>;
  declare user?: NonAttribute<User>;

  static initModel(sequelize: Sequelize) {
    BodyMembership.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        bodyId: { type: DataTypes.INTEGER, allowNull: false },
        userId: { type: DataTypes.INTEGER, allowNull: false },
        role: enumColumn(BODY_MEMBER_ROLES),
        position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        ...timestamps,
      },
      { sequelize, tableName: "body_memberships", modelName: "BodyMembership" },
    );
    return BodyMembership;
  }
}

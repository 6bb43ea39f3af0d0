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
import type { BodyMembership } from "./body-membership";
import { enumColumn, timestamps } from "./columns";
import { BODY_KINDS, type BodyKind } from "./enums";
import type { Meeting } from "./meeting";
import type { Unit } from "./unit";
import type { User } from "./user";

/** Cơ quan họp: UBND (state) or Ban Cán sự Đảng (party). */
export class Body extends Model<InferAttributes<Body>, InferCreationAttributes<Body>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare name: string;
  declare kind: BodyKind;
  /** Quorum = ceil(members × numerator / denominator); 2/3 by default. */
  declare quorumNumerator: CreationOptional<number>;
  declare quorumDenominator: CreationOptional<number>;
  declare description: CreationOptional<string | null>;
  declare hostUnitId: CreationOptional<ForeignKey<number> | null>;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare hostUnit?: NonAttribute<Unit | null>;
  declare memberships?: NonAttribute<BodyMembership[]>;
  declare members?: NonAttribute<User[]>;
  declare meetings?: NonAttribute<Meeting[]>;

  /** Members needed for a quorum out of `memberCount`. */
  quorumFor(memberCount: number): number {
    return Math.ceil((memberCount * this.quorumNumerator) / this.quorumDenominator);
  }

  static initModel(sequelize: Sequelize) {
    Body.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        code: { type: DataTypes.STRING(50), allowNull: false, validate: { notEmpty: true } },
        name: { type: DataTypes.STRING(255), allowNull: false, validate: { notEmpty: true } },
        kind: enumColumn(BODY_KINDS),
        quorumNumerator: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 2, validate: { min: 1 } },
        quorumDenominator: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 3, validate: { min: 1 } },
        description: { type: DataTypes.TEXT, allowNull: true },
        hostUnitId: { type: DataTypes.INTEGER, allowNull: true },
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        ...timestamps,
      },
      { sequelize, tableName: "bodies", modelName: "Body" },
    );
    return Body;
  }
}

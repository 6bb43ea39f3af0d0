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
import { createdAtOnly, enumColumn, jsonTextColumn } from "./columns";
import { MINUTES_VERSION_REASONS, type MinutesVersionReason } from "./enums";
import type { Minutes, ProseMirrorJson } from "./minutes";
import type { User } from "./user";

/** Immutable snapshot of minutes (on finalize, approve, periodically, before a restore). */
export class MinutesVersion extends Model<InferAttributes<MinutesVersion>, InferCreationAttributes<MinutesVersion>> {
  declare id: CreationOptional<number>;
  declare minutesId: ForeignKey<number>;
  declare reason: MinutesVersionReason;
  declare yjsState: Buffer;
  declare html: string;
  declare json: CreationOptional<ProseMirrorJson | null>;
  declare createdById: CreationOptional<ForeignKey<number> | null>;
  declare createdAt: CreationOptional<Date>;

  declare minutes?: NonAttribute<Minutes>;
  declare createdBy?: NonAttribute<User | null>;

  static initModel(sequelize: Sequelize) {
    MinutesVersion.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        minutesId: { type: DataTypes.INTEGER, allowNull: false },
        reason: enumColumn(MINUTES_VERSION_REASONS),
        yjsState: { type: DataTypes.BLOB("medium"), allowNull: false },
        html: { type: DataTypes.TEXT("medium"), allowNull: false },
        json: jsonTextColumn<MinutesVersion>("json", DataTypes.TEXT("medium")),
        createdById: { type: DataTypes.INTEGER, allowNull: true },
        ...createdAtOnly,
      },
      { sequelize, tableName: "minutes_versions", modelName: "MinutesVersion", updatedAt: false },
    );
    return MinutesVersion;
  }
}

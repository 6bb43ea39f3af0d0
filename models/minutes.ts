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
import { enumColumn, jsonTextColumn, timestamps } from "./columns";
import { MINUTES_STATUSES, type MinutesStatus } from "./enums";
import type { Meeting } from "./meeting";
import type { MinutesVersion } from "./minutes-version";
import type { User } from "./user";

/** A ProseMirror/tiptap document as JSON. */
export type ProseMirrorJson = { type: string; content?: unknown[]; [key: string]: unknown };

/**
 * Biên bản: one per meeting. `yjsState` (Y.encodeStateAsUpdate) is the source
 * of truth while editing; html/json/text are snapshots derived from it for
 * display, export and search.
 */
export class Minutes extends Model<InferAttributes<Minutes>, InferCreationAttributes<Minutes>> {
  declare id: CreationOptional<number>;
  declare meetingId: ForeignKey<number>;
  declare yjsState: CreationOptional<Buffer | null>;
  /** how many times yjsState was written: a store conditional on it needs no locked read (minutes.server.ts) */
  declare stateRev: CreationOptional<number>;
  /** the stateRev the html/json/text snapshot was rendered from (behind stateRev while typing goes on) */
  declare snapshotRev: CreationOptional<number>;
  declare html: CreationOptional<string | null>;
  /** JSON in MEDIUMTEXT: read back parsed; write the object (or an already-serialized string). */
  declare json: CreationOptional<ProseMirrorJson | null>;
  /** Plain text for search. */
  declare text: CreationOptional<string | null>;
  declare status: CreationOptional<MinutesStatus>;
  declare attendeesCanEdit: CreationOptional<boolean>;
  declare templateApplied: CreationOptional<boolean>;
  declare finalizedById: CreationOptional<ForeignKey<number> | null>;
  declare finalizedAt: CreationOptional<Date | null>;
  declare approvedById: CreationOptional<ForeignKey<number> | null>;
  declare approvedAt: CreationOptional<Date | null>;
  declare version: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare meeting?: NonAttribute<Meeting>;
  declare finalizedBy?: NonAttribute<User | null>;
  declare approvedBy?: NonAttribute<User | null>;
  declare versions?: NonAttribute<MinutesVersion[]>;

  static initModel(sequelize: Sequelize) {
    Minutes.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        meetingId: { type: DataTypes.INTEGER, allowNull: false },
        // MEDIUMBLOB: a plain BLOB is only 64 KB on MySQL.
        yjsState: { type: DataTypes.BLOB("medium"), allowNull: true },
        stateRev: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        snapshotRev: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        html: { type: DataTypes.TEXT("medium"), allowNull: true },
        json: jsonTextColumn<Minutes>("json", DataTypes.TEXT("medium")),
        text: { type: DataTypes.TEXT("medium"), allowNull: true },
        status: enumColumn(MINUTES_STATUSES, { defaultValue: "draft" }),
        attendeesCanEdit: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        templateApplied: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        finalizedById: { type: DataTypes.INTEGER, allowNull: true },
        finalizedAt: { type: DataTypes.DATE, allowNull: true },
        approvedById: { type: DataTypes.INTEGER, allowNull: true },
        approvedAt: { type: DataTypes.DATE, allowNull: true },
        version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
        ...timestamps,
      },
      { sequelize, tableName: "minutes", modelName: "Minutes" },
    );
    return Minutes;
  }
}

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
import { createdAtOnly, jsonTextColumn } from "./columns";
import type { User } from "./user";

/** Append-only: who did what to which record, with the changed fields before and after. */
export class AuditEvent extends Model<InferAttributes<AuditEvent>, InferCreationAttributes<AuditEvent>> {
  declare id: CreationOptional<number>;
  declare actorId: CreationOptional<ForeignKey<number> | null>;
  /** e.g. "meeting.update", "task.report". */
  declare action: string;
  declare entityType: string;
  declare entityId: CreationOptional<number | null>;
  /** JSON in MEDIUMTEXT: read back parsed; write a value or an already-serialized JSON string. */
  declare before?: unknown;
  declare after?: unknown;
  declare ip: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;

  declare actor?: NonAttribute<User | null>;

  static initModel(sequelize: Sequelize) {
    AuditEvent.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        actorId: { type: DataTypes.INTEGER, allowNull: true },
        action: { type: DataTypes.STRING(64), allowNull: false },
        entityType: { type: DataTypes.STRING(32), allowNull: false },
        entityId: { type: DataTypes.INTEGER, allowNull: true },
        before: jsonTextColumn<AuditEvent>("before", DataTypes.TEXT("medium")),
        after: jsonTextColumn<AuditEvent>("after", DataTypes.TEXT("medium")),
        ip: { type: DataTypes.STRING(64), allowNull: true },
        ...createdAtOnly,
      },
      { sequelize, tableName: "audit_events", modelName: "AuditEvent", updatedAt: false },
    );
    return AuditEvent;
  }
}

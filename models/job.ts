import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from "sequelize";
import { enumColumn, jsonTextColumn, timestamps } from "./columns";
import { JOB_STATUSES, type JobStatus } from "./enums";

/**
 * A background job. Workers claim due rows by setting lockedBy/lockedUntil in
 * an UPDATE … WHERE, so several processes can share one queue; dedupeKey keeps
 * a job from being enqueued twice.
 */
export class Job extends Model<InferAttributes<Job>, InferCreationAttributes<Job>> {
  declare id: CreationOptional<number>;
  declare kind: string;
  /** JSON in TEXT: read back parsed; write a value or an already-serialized JSON string. */
  declare payload?: unknown;
  declare runAt: Date;
  declare status: CreationOptional<JobStatus>;
  declare attempts: CreationOptional<number>;
  declare lockedBy: CreationOptional<string | null>;
  declare lockedUntil: CreationOptional<Date | null>;
  declare lastError: CreationOptional<string | null>;
  declare dedupeKey: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Job.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        kind: { type: DataTypes.STRING(64), allowNull: false },
        payload: jsonTextColumn<Job>("payload"),
        runAt: { type: DataTypes.DATE, allowNull: false },
        status: enumColumn(JOB_STATUSES, { defaultValue: "pending", length: 16 }),
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        lockedBy: { type: DataTypes.STRING(100), allowNull: true },
        lockedUntil: { type: DataTypes.DATE, allowNull: true },
        lastError: { type: DataTypes.TEXT, allowNull: true },
        dedupeKey: { type: DataTypes.STRING(191), allowNull: true },
        ...timestamps,
      },
      { sequelize, tableName: "jobs", modelName: "Job" },
    );
    return Job;
  }
}

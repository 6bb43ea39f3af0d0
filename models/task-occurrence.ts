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
import { OCCURRENCE_STATES, type OccurrenceState } from "./enums";
import type { Task } from "./task";
import type { TaskReport } from "./task-report";

/** One period of a recurring task (e.g. "Quý III/2024"), with its own deadline. */
export class TaskOccurrence extends Model<InferAttributes<TaskOccurrence>, InferCreationAttributes<TaskOccurrence>> {
  declare id: CreationOptional<number>;
  declare taskId: ForeignKey<number>;
  /** Unique per task and shown as is, e.g. "Quý III/2024", "Tháng 7/2024", "Năm 2024". */
  declare periodLabel: string;
  declare deadline: string;
  declare completedOn: CreationOptional<string | null>;
  declare state: CreationOptional<OccurrenceState>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare task?: NonAttribute<Task>;
  declare reports?: NonAttribute<TaskReport[]>;

  static initModel(sequelize: Sequelize) {
    TaskOccurrence.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        taskId: { type: DataTypes.INTEGER, allowNull: false },
        periodLabel: { type: DataTypes.STRING(50), allowNull: false },
        deadline: { type: DataTypes.DATEONLY, allowNull: false },
        completedOn: { type: DataTypes.DATEONLY, allowNull: true },
        state: enumColumn(OCCURRENCE_STATES, { defaultValue: "open", length: 16 }),
        ...timestamps,
      },
      { sequelize, tableName: "task_occurrences", modelName: "TaskOccurrence" },
    );
    return TaskOccurrence;
  }
}

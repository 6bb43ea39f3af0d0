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
import { TASK_REPORT_KINDS, type TaskReportKind } from "./enums";
import type { Task } from "./task";
import type { TaskOccurrence } from "./task-occurrence";
import type { User } from "./user";

/**
 * The task's history: the unit's progress/completion reports and the
 * secretariat's acceptance or return of a completion report.
 */
export class TaskReport extends Model<InferAttributes<TaskReport>, InferCreationAttributes<TaskReport>> {
  declare id: CreationOptional<number>;
  declare taskId: ForeignKey<number>;
  declare occurrenceId: CreationOptional<ForeignKey<number> | null>;
  declare authorId: ForeignKey<number>;
  declare kind: TaskReportKind;
  declare progress: CreationOptional<number | null>;
  declare note: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare task?: NonAttribute<Task>;
  declare occurrence?: NonAttribute<TaskOccurrence | null>;
  declare author?: NonAttribute<User>;
  declare documents?: NonAttribute<Document[]>;

  static initModel(sequelize: Sequelize) {
    TaskReport.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        taskId: { type: DataTypes.INTEGER, allowNull: false },
        occurrenceId: { type: DataTypes.INTEGER, allowNull: true },
        authorId: { type: DataTypes.INTEGER, allowNull: false },
        kind: enumColumn(TASK_REPORT_KINDS, { length: 16 }),
        progress: { type: DataTypes.INTEGER, allowNull: true, validate: { min: 0, max: 100 } },
        note: { type: DataTypes.TEXT, allowNull: false },
        ...timestamps,
      },
      { sequelize, tableName: "task_reports", modelName: "TaskReport" },
    );
    return TaskReport;
  }
}

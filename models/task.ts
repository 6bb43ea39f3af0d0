import {
  DataTypes,
  Model,
  type BelongsToManyAddAssociationMixin,
  type BelongsToManyGetAssociationsMixin,
  type BelongsToManySetAssociationsMixin,
  type CreationOptional,
  type ForeignKey,
  type InferAttributes,
  type InferCreationAttributes,
  type NonAttribute,
  type Sequelize,
} from "sequelize";
import { todayInHanoi } from "../app/lib/dates";
import { enumColumn, timestamps } from "./columns";
import type { Directive } from "./directive";
import type { Document } from "./document";
import {
  DEADLINE_KINDS,
  RECURRENCES,
  TASK_STATES,
  type DeadlineKind,
  type Recurrence,
  type TaskState,
} from "./enums";
import type { ExtensionRequest } from "./extension-request";
import type { Meeting } from "./meeting";
import type { TaskCoordinator } from "./task-coordinator";
import type { TaskOccurrence } from "./task-occurrence";
import type { TaskReport } from "./task-report";
import type { Unit } from "./unit";
import type { User } from "./user";

/**
 * Nhiệm vụ. The status words of reports (đúng hạn / quá hạn / trong hạn /
 * sắp đến hạn / không thời hạn) are computed from state, deadline and
 * completedOn, never stored.
 */
export class Task extends Model<InferAttributes<Task>, InferCreationAttributes<Task>> {
  declare id: CreationOptional<number>;
  declare directiveId: CreationOptional<ForeignKey<number> | null>;
  declare meetingId: CreationOptional<ForeignKey<number> | null>;
  /** Where in the minutes the task was decided (e.g. a heading id or quoted text). */
  declare minutesAnchor: CreationOptional<string | null>;
  declare parentId: CreationOptional<ForeignKey<number> | null>;
  declare content: string;
  /** Đơn vị chủ trì. */
  declare leadUnitId: ForeignKey<number>;
  declare ownerId: CreationOptional<ForeignKey<number> | null>;
  declare assignedById: CreationOptional<ForeignKey<number> | null>;
  declare deadlineKind: CreationOptional<DeadlineKind>;
  /** YYYY-MM-DD; the current deadline after any extension. */
  declare deadline: CreationOptional<string | null>;
  /** YYYY-MM-DD; the deadline first given, kept for "extended from" and lateness reports. */
  declare originalDeadline: CreationOptional<string | null>;
  declare recurrence: CreationOptional<Recurrence | null>;
  declare starred: CreationOptional<boolean>;
  /** 0–100. */
  declare progress: CreationOptional<number>;
  declare state: CreationOptional<TaskState>;
  declare completedOn: CreationOptional<string | null>;
  declare result: CreationOptional<string | null>;
  declare lastReportAt: CreationOptional<Date | null>;
  /** YYYY-MM-DD (Hanoi): the day the task was given; reports count a period's tasks by it. */
  declare assignedOn: CreationOptional<string | null>;
  /** The body (UBND, Thành ủy …) whose meeting or directive gave the task, for reports by body. */
  declare bodyId: CreationOptional<ForeignKey<number> | null>;
  declare version: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare directive?: NonAttribute<Directive | null>;
  declare meeting?: NonAttribute<Meeting | null>;
  declare parent?: NonAttribute<Task | null>;
  declare children?: NonAttribute<Task[]>;
  declare leadUnit?: NonAttribute<Unit>;
  declare owner?: NonAttribute<User | null>;
  declare assignedBy?: NonAttribute<User | null>;
  declare coordinators?: NonAttribute<TaskCoordinator[]>;
  declare coordinatingUnits?: NonAttribute<Unit[]>;
  declare reports?: NonAttribute<TaskReport[]>;
  declare extensionRequests?: NonAttribute<ExtensionRequest[]>;
  declare occurrences?: NonAttribute<TaskOccurrence[]>;
  declare documents?: NonAttribute<Document[]>;

  declare getCoordinatingUnits: BelongsToManyGetAssociationsMixin<Unit>;
  declare setCoordinatingUnits: BelongsToManySetAssociationsMixin<Unit, number>;
  declare addCoordinatingUnit: BelongsToManyAddAssociationMixin<Unit, number>;

  static initModel(sequelize: Sequelize) {
    Task.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        directiveId: { type: DataTypes.INTEGER, allowNull: true },
        meetingId: { type: DataTypes.INTEGER, allowNull: true },
        minutesAnchor: { type: DataTypes.TEXT, allowNull: true },
        parentId: { type: DataTypes.INTEGER, allowNull: true },
        content: { type: DataTypes.TEXT, allowNull: false, validate: { notEmpty: true } },
        leadUnitId: { type: DataTypes.INTEGER, allowNull: false },
        ownerId: { type: DataTypes.INTEGER, allowNull: true },
        assignedById: { type: DataTypes.INTEGER, allowNull: true },
        deadlineKind: enumColumn(DEADLINE_KINDS, { defaultValue: "date", length: 16 }),
        deadline: { type: DataTypes.DATEONLY, allowNull: true },
        originalDeadline: { type: DataTypes.DATEONLY, allowNull: true },
        recurrence: enumColumn(RECURRENCES, { allowNull: true, length: 16 }),
        starred: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        progress: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0, validate: { min: 0, max: 100 } },
        state: enumColumn(TASK_STATES, { defaultValue: "assigned", length: 16 }),
        completedOn: { type: DataTypes.DATEONLY, allowNull: true },
        result: { type: DataTypes.TEXT, allowNull: true },
        lastReportAt: { type: DataTypes.DATE, allowNull: true },
        assignedOn: { type: DataTypes.DATEONLY, allowNull: true },
        bodyId: { type: DataTypes.INTEGER, allowNull: true },
        version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
        ...timestamps,
      },
      {
        sequelize,
        tableName: "tasks",
        modelName: "Task",
        hooks: {
          // Every task has its assignment day, also those created outside createTasks (seeds, imports).
          beforeCreate(task: Task) {
            task.assignedOn ??= todayInHanoi(task.createdAt ?? new Date());
          },
          beforeBulkCreate(tasks: Task[]) {
            for (const task of tasks) task.assignedOn ??= todayInHanoi(task.createdAt ?? new Date());
          },
        },
        validate: {
          deadlineMatchesKind(this: Task) {
            if (this.deadlineKind === "recurring" && !this.recurrence) throw new Error("a recurring task needs a recurrence");
            if (this.deadlineKind === "none" && this.deadline) throw new Error("a task without deadline cannot have one");
          },
        },
      },
    );
    return Task;
  }
}

import {
  DataTypes,
  Model,
  type ForeignKey,
  type InferAttributes,
  type InferCreationAttributes,
  type NonAttribute,
  type Sequelize,
} from "sequelize";
import type { Task } from "./task";
import type { Unit } from "./unit";

/** Đơn vị phối hợp of a task (join table). */
export class TaskCoordinator extends Model<InferAttributes<TaskCoordinator>, InferCreationAttributes<TaskCoordinator>> {
  declare taskId: ForeignKey<number>;
  declare unitId: ForeignKey<number>;

  declare task?: NonAttribute<Task>;
  declare unit?: NonAttribute<Unit>;

  static initModel(sequelize: Sequelize) {
    TaskCoordinator.init(
      {
        taskId: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true },
        unitId: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true },
      },
      { sequelize, tableName: "task_coordinators", modelName: "TaskCoordinator", timestamps: false },
    );
    return TaskCoordinator;
  }
}

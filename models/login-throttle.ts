import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from "sequelize";
import { timestamps } from "./columns";

/** Failed sign-in counter per key (e.g. "user:nguyenvana" or "ip:1.2.3.4"); lives in the DB so every process sees it. */
export class LoginThrottle extends Model<InferAttributes<LoginThrottle>, InferCreationAttributes<LoginThrottle>> {
  declare key: string;
  declare failures: CreationOptional<number>;
  declare firstFailedAt: CreationOptional<Date | null>;
  declare lockedUntil: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    LoginThrottle.init(
      {
        key: { type: DataTypes.STRING(191), primaryKey: true },
        failures: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        firstFailedAt: { type: DataTypes.DATE, allowNull: true },
        lockedUntil: { type: DataTypes.DATE, allowNull: true },
        ...timestamps,
      },
      { sequelize, tableName: "login_throttles", modelName: "LoginThrottle" },
    );
    return LoginThrottle;
  }
}

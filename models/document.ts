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
import { DOCUMENT_OWNER_TYPES, type DocumentOwnerType } from "./enums";
import type { User } from "./user";

/**
 * Tài liệu đính kèm. The owner is polymorphic (ownerType + ownerId, no FK), so
 * deleting an owner must delete its documents (and their stored files) in the service.
 */
export class Document extends Model<InferAttributes<Document>, InferCreationAttributes<Document>> {
  declare id: CreationOptional<number>;
  declare ownerType: DocumentOwnerType;
  declare ownerId: number;
  declare fileName: string;
  declare mime: string;
  declare size: number;
  declare sha256: string;
  /** Random key under the upload directory; never derived from the file name. */
  declare storageKey: string;
  declare uploadedById: CreationOptional<ForeignKey<number> | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare uploadedBy?: NonAttribute<User | null>;

  static initModel(sequelize: Sequelize) {
    Document.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        ownerType: enumColumn(DOCUMENT_OWNER_TYPES),
        ownerId: { type: DataTypes.INTEGER, allowNull: false },
        fileName: { type: DataTypes.STRING(255), allowNull: false },
        mime: { type: DataTypes.STRING(127), allowNull: false },
        size: {
          type: DataTypes.BIGINT,
          allowNull: false,
          // mysql2 may hand BIGINT back as a string.
          get(this: Document) {
            const raw = this.getDataValue("size") as unknown;
            return raw == null ? raw : Number(raw);
          },
        },
        sha256: { type: DataTypes.CHAR(64), allowNull: false, validate: { is: /^[0-9a-f]{64}$/ } },
        storageKey: { type: DataTypes.STRING(191), allowNull: false },
        uploadedById: { type: DataTypes.INTEGER, allowNull: true },
        ...timestamps,
      },
      { sequelize, tableName: "documents", modelName: "Document" },
    );
    return Document;
  }
}

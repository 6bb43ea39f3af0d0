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
import {
  CONFIDENTIALITY_LEVELS,
  DIRECTIVE_KINDS,
  DIRECTIVE_STATUSES,
  NUMBER_FORMATS,
  type Confidentiality,
  type DirectiveKind,
  type DirectiveStatus,
  type NumberFormat,
} from "./enums";
import type { Meeting } from "./meeting";
import type { Task } from "./task";
import type { User } from "./user";

/** "24-CT/TU" (party) or "06/QĐ-TTg" (state). */
export function formatDirectiveNumber(d: { numberFormat: NumberFormat; number: string; symbol: string }): string {
  return d.numberFormat === "party" ? `${d.number}-${d.symbol}` : `${d.number}/${d.symbol}`;
}

/** Văn bản chỉ đạo: chỉ thị, kết luận, thông báo, nghị quyết, quyết định, kế hoạch, công văn. */
export class Directive extends Model<InferAttributes<Directive>, InferCreationAttributes<Directive>> {
  declare id: CreationOptional<number>;
  declare kind: DirectiveKind;
  declare numberFormat: NumberFormat;
  /** "24" — a string, numbers may carry suffixes like "24a". */
  declare number: string;
  /** "CT/TU" (party) or "QĐ-TTg" (state). */
  declare symbol: string;
  declare year: number;
  declare issuer: string;
  declare signer: CreationOptional<string | null>;
  /** YYYY-MM-DD. */
  declare issuedOn: string;
  /** Trích yếu. */
  declare summary: string;
  /** Sanitized HTML. */
  declare body: CreationOptional<string | null>;
  declare confidentiality: CreationOptional<Confidentiality>;
  declare sourceMeetingId: CreationOptional<ForeignKey<number> | null>;
  declare status: CreationOptional<DirectiveStatus>;
  declare replacedById: CreationOptional<ForeignKey<number> | null>;
  declare createdById: CreationOptional<ForeignKey<number> | null>;
  declare version: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare sourceMeeting?: NonAttribute<Meeting | null>;
  declare replacedBy?: NonAttribute<Directive | null>;
  declare createdBy?: NonAttribute<User | null>;
  declare tasks?: NonAttribute<Task[]>;
  declare documents?: NonAttribute<Document[]>;

  get displayNumber(): NonAttribute<string> {
    return formatDirectiveNumber(this);
  }

  static initModel(sequelize: Sequelize) {
    Directive.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        kind: enumColumn(DIRECTIVE_KINDS, { length: 8 }),
        numberFormat: enumColumn(NUMBER_FORMATS, { length: 8 }),
        number: { type: DataTypes.STRING(20), allowNull: false, validate: { notEmpty: true } },
        symbol: { type: DataTypes.STRING(100), allowNull: false, validate: { notEmpty: true } },
        year: { type: DataTypes.INTEGER, allowNull: false, validate: { min: 1945, max: 2999 } },
        issuer: { type: DataTypes.STRING(191), allowNull: false, validate: { notEmpty: true } },
        signer: { type: DataTypes.STRING(255), allowNull: true },
        issuedOn: { type: DataTypes.DATEONLY, allowNull: false },
        summary: { type: DataTypes.TEXT, allowNull: false, validate: { notEmpty: true } },
        body: { type: DataTypes.TEXT("medium"), allowNull: true },
        confidentiality: enumColumn(CONFIDENTIALITY_LEVELS, { defaultValue: "normal" }),
        sourceMeetingId: { type: DataTypes.INTEGER, allowNull: true },
        status: enumColumn(DIRECTIVE_STATUSES, { defaultValue: "active" }),
        replacedById: { type: DataTypes.INTEGER, allowNull: true },
        createdById: { type: DataTypes.INTEGER, allowNull: true },
        version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
        ...timestamps,
      },
      { sequelize, tableName: "directives", modelName: "Directive" },
    );
    return Directive;
  }
}

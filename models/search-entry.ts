import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from "sequelize";

export const SEARCH_KINDS = ["meeting", "agenda_item", "directive", "task", "minutes"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/**
 * One searchable record with its text folded (no diacritics, đ→d, lower
 * case). Who may see it is never stored here: search joins back to the record
 * and asks the policy at query time.
 */
export class SearchEntry extends Model<InferAttributes<SearchEntry>, InferCreationAttributes<SearchEntry>> {
  declare id: CreationOptional<number>;
  declare kind: SearchKind;
  declare entityId: number;
  /** The meeting an agenda item or minutes belongs to; the meeting itself for a meeting. */
  declare meetingId: CreationOptional<number | null>;
  declare title: string;
  declare folded: string;
  declare body: CreationOptional<string | null>;
  declare occurredOn: CreationOptional<string | null>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    SearchEntry.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        kind: { type: DataTypes.STRING(16), allowNull: false },
        entityId: { type: DataTypes.INTEGER, allowNull: false },
        meetingId: { type: DataTypes.INTEGER, allowNull: true },
        title: { type: DataTypes.STRING(1000), allowNull: false },
        folded: { type: DataTypes.TEXT, allowNull: false },
        body: { type: DataTypes.TEXT, allowNull: true },
        occurredOn: { type: DataTypes.DATEONLY, allowNull: true },
        updatedAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: "search_entries", modelName: "SearchEntry", createdAt: false },
    );
    return SearchEntry;
  }
}

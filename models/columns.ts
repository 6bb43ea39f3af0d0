import { DataTypes, type Model, type ModelAttributeColumnOptions } from "sequelize";

type RawAccess = { getDataValue(key: string): unknown; setDataValue(key: string, value: unknown): void };

/** A STRING column restricted to `values` (model-level check; the DB column is a plain VARCHAR). */
export function enumColumn(
  values: readonly string[],
  options: { allowNull?: boolean; defaultValue?: string; length?: number } = {},
): ModelAttributeColumnOptions {
  return {
    type: DataTypes.STRING(options.length ?? 32),
    allowNull: options.allowNull ?? false,
    ...(options.defaultValue !== undefined ? { defaultValue: options.defaultValue } : {}),
    validate: { isIn: { args: [values as string[]], msg: `must be one of: ${values.join(", ")}` } },
  };
}

/**
 * JSON kept in a TEXT column: MariaDB's JSON type comes back as a string and
 * SQLite has none, so we serialize ourselves. Reads are parsed. Writes accept
 * a value (serialized here) or a string, which is taken as already-serialized
 * JSON so callers that JSON.stringify themselves do not double-encode.
 */
export function jsonTextColumn<M extends Model>(
  attribute: string,
  type: DataTypes.DataType = DataTypes.TEXT,
): ModelAttributeColumnOptions<M> {
  return {
    type,
    allowNull: true,
    get(this: M) {
      const raw = (this as unknown as RawAccess).getDataValue(attribute);
      if (raw === null || raw === undefined) return null;
      if (typeof raw !== "string") return raw;
      try {
        return JSON.parse(raw);
      } catch {
        return raw;
      }
    },
    set(this: M, value: unknown) {
      const stored = value === null || value === undefined ? null : typeof value === "string" ? value : JSON.stringify(value);
      (this as unknown as RawAccess).setDataValue(attribute, stored);
    },
  };
}

/** Created/updated timestamps: declared so Model.init's typings accept them; Sequelize fills them. */
export const timestamps = {
  createdAt: { type: DataTypes.DATE, allowNull: false },
  updatedAt: { type: DataTypes.DATE, allowNull: false },
} as const;

export const createdAtOnly = {
  createdAt: { type: DataTypes.DATE, allowNull: false },
} as const;

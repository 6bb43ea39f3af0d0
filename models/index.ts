import type { Sequelize } from "sequelize";
import { forgetSingleton, singleton } from "../app/lib/singleton.server";
import { createSequelize } from "./db";
import { initModels, type Models } from "./init";

export type Db = Models & { sequelize: Sequelize };

/** The one Sequelize instance (and pool) of this process. */
export function getDb(): Db {
  return singleton("db", () => {
    const sequelize = createSequelize();
    return { sequelize, ...initModels(sequelize) };
  });
}

export async function closeDb() {
  const g = globalThis as unknown as { __phsSingletons?: Map<string, unknown> };
  const db = g.__phsSingletons?.get("db") as Db | undefined;
  if (!db) return;
  forgetSingleton("db");
  await db.sequelize.close();
}

export * from "./init";

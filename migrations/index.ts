import type { MigrationContext } from "./migrator";
import * as m0001 from "./0001-initial-schema";
import * as m0002 from "./0002-reports-and-search";

export type Migration = {
  name: string;
  up(ctx: MigrationContext): Promise<void>;
  down(ctx: MigrationContext): Promise<void>;
};

/** Applied in this order; append new migrations, never reorder or rename. */
export const migrations: Migration[] = [m0001, m0002];

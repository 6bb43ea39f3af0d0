import type { MigrationContext } from "./migrator";
import * as m0001 from "./0001-initial-schema";
import * as m0002 from "./0002-reports-and-search";
import * as m0003 from "./0003-my-task-lists";
import * as m0004 from "./0004-header-counters";
import * as m0005 from "./0005-minutes-state-rev";
import * as m0006 from "./0006-minutes-snapshot-rev";

export type Migration = {
  name: string;
  up(ctx: MigrationContext): Promise<void>;
  down(ctx: MigrationContext): Promise<void>;
};

/** Applied in this order; append new migrations, never reorder or rename. */
export const migrations: Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006];

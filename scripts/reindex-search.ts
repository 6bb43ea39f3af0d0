/**
 * npm run search:reindex — rebuilds the search index (search_entries) from
 * the meetings, agenda items, directives, tasks and minutes in the database:
 * after an import or a bulk load that wrote rows directly, or to repair it.
 * Safe to run while the app serves: it upserts in batches and then removes
 * entries whose record is gone.
 */
import { migrateUp } from "../migrations/migrator";
import { closeDb, getDb } from "../models";
import { reindexAll } from "../app/services/search-index.server";

async function main() {
  const db = getDb();
  await migrateUp(db.sequelize);
  const started = Date.now();
  const counts = await reindexAll({ log: (line) => console.log(line) });
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`Đã lập chỉ mục tìm kiếm: ${total.toLocaleString("vi-VN")} mục trong ${((Date.now() - started) / 1000).toFixed(1)} giây.`);
  await closeDb();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

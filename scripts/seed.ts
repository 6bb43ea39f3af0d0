/**
 * npm run db:seed — migrate, then load the Hanoi demo data if the database is empty.
 * Refuses to run with NODE_ENV=production.
 */
import { migrateUp } from "../migrations/migrator";
import { closeDb, getDb } from "../models";
import { seedDemoData } from "../app/services/seed-demo.server";

async function main() {
  if (process.env.NODE_ENV === "production") throw new Error("Không nạp dữ liệu mẫu khi NODE_ENV=production.");
  const db = getDb();
  await migrateUp(db.sequelize);
  const { seeded } = await seedDemoData(db);
  console.log(seeded ? "Đã nạp dữ liệu mẫu." : "Cơ sở dữ liệu đã có dữ liệu; không nạp dữ liệu mẫu.");
  await closeDb();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

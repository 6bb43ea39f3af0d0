/**
 * npm run db:migrate   — apply pending migrations
 * npm run db:rollback  — revert the last applied migration (`-- --all` for every one)
 * Uses DATABASE_URL, or the embedded SQLite file when unset.
 */
import { createMigrator } from "../migrations/migrator";
import { createSequelize } from "../models/db";

async function main() {
  const [command = "up", flag] = process.argv.slice(2);
  const sequelize = createSequelize();
  const migrator = createMigrator(sequelize);
  try {
    if (command === "up") {
      const applied = await migrator.up();
      console.log(applied.length ? `Đã áp dụng: ${applied.map((m) => m.name).join(", ")}` : "Cơ sở dữ liệu đã ở phiên bản mới nhất.");
    } else if (command === "down") {
      const reverted = await migrator.down(flag === "--all" ? { to: 0 } : undefined);
      console.log(reverted.length ? `Đã hoàn tác: ${reverted.map((m) => m.name).join(", ")}` : "Không có migration nào để hoàn tác.");
    } else if (command === "status") {
      for (const m of await migrator.executed()) console.log(`✔ ${m.name}`);
      for (const m of await migrator.pending()) console.log(`… ${m.name}`);
    } else {
      throw new Error(`Lệnh không hợp lệ: ${command} (up | down [--all] | status)`);
    }
  } finally {
    await sequelize.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

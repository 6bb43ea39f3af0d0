// Every jest worker gets its own database: a SQLite file by default, or its own
// MariaDB/MySQL database when TEST_DATABASE_URL is set (mysql://root@127.0.0.1:3306/phs_test).
import path from "node:path";

// TEST_RUN_ID keeps two jest runs on one machine from sharing databases.
const worker = (process.env.TEST_RUN_ID ? process.env.TEST_RUN_ID + "_" : "") + (process.env.JEST_WORKER_ID || "1");
const base = process.env.TEST_DATABASE_URL;
if (base && /^(mysql|mariadb):/.test(base)) {
  const u = new URL(base.replace(/^mariadb:/, "mysql:"));
  const name = (u.pathname.slice(1) || "phs_test") + "_w" + worker;
  u.pathname = "/" + name;
  process.env.DATABASE_URL = u.toString();
} else {
  delete process.env.DATABASE_URL;
  process.env.SQLITE_FILE = path.resolve(__dirname, "..", "tmp", `test-w${worker}.sqlite`);
}
process.env.NODE_ENV = "test";
process.env.SESSION_SECRET ||= "test-secret-not-for-production";
process.env.LOG_LEVEL ||= "silent";
process.env.UPLOAD_DIR ||= path.resolve(__dirname, "..", "tmp", `uploads-w${worker}`);
process.env.JOBS ??= "0"; // in-process test servers run no background jobs unless a test asks (tests/jobs)

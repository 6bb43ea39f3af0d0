import type { Transaction } from "sequelize";
import { getDb } from "../../models";

/** Joins the caller's transaction, or opens one: services compose into one atomic operation. */
export function inTransaction<T>(transaction: Transaction | undefined, work: (t: Transaction) => Promise<T>): Promise<T> {
  return transaction ? work(transaction) : getDb().sequelize.transaction(work);
}

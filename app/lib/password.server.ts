import { hash, verify } from "@node-rs/argon2";

// argon2id with the library's defaults (19 MiB, t=2): OWASP's minimum profile.
export function hashPassword(password: string) {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string) {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Same cost as a real verify, so unknown usernames take as long as wrong passwords. */
let dummyHash: Promise<string> | null = null;
export async function verifyAgainstDummy(password: string) {
  dummyHash ??= hash("không-có-tài-khoản-này");
  await verifyPassword(await dummyHash, password);
  return false;
}

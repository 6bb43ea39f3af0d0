import fs from "node:fs";
import path from "node:path";

/**
 * The Node flags `npm start` / `npm run serve` give tsx (package.json, e.g.
 * `--no-memory-reducer`, decision 005): test servers and benchmarks start the
 * app with them, so they run it as deployed and the flags live in one place.
 */
export const SERVE_NODE_FLAGS: string[] = (() => {
  const scripts = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../package.json"), "utf8")).scripts as Record<string, string>;
  const match = scripts.serve.match(/\btsx((?: --\S+)*) server\.ts/);
  if (!match) throw new Error(`package.json "serve" is not "tsx [--flag…] server.ts": ${scripts.serve}`);
  return match[1].split(" ").filter(Boolean);
})();

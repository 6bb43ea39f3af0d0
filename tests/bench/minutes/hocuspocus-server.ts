/**
 * The reference: a plain @hocuspocus/server 3.4.3 on its own port, no
 * extensions, nothing persisted. The one hook only seeds every document with
 * the same starting state our server gives a fresh minutes (the Decree 30
 * template), so both servers carry the same document. Started by run.ts as a
 * child process (with probe.cjs preloaded); it reports its port over IPC.
 */
import fs from "node:fs";
import { Server } from "@hocuspocus/server";
import * as Y from "yjs";

const templateFile = process.env.BENCH_TEMPLATE_FILE;
const template = templateFile && fs.existsSync(templateFile) ? new Uint8Array(fs.readFileSync(templateFile)) : null;

const server = new Server({
  port: Number(process.env.PORT || 0),
  address: "127.0.0.1",
  quiet: true,
  stopOnSignals: true,
  async onLoadDocument({ document }) {
    if (template) Y.applyUpdate(document, template);
  },
});

server.listen().then(
  () => {
    const port = server.address.port;
    process.send?.({ ready: true, port });
    if (!process.send) console.log(JSON.stringify({ ready: true, port }));
  },
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

/**
 * Run by scale-out.test.ts as its own Node process (real processes, real
 * Redis): two app servers on one database, a writer on the first and a reader
 * on the second; prints one JSON line with what it observed.
 */
import { spawnAppServer } from "../helpers/child-server";
import { postForm, signInAs } from "../helpers/server";
import { connectSocket, emitWithAck, waitForConnect, waitForEvent } from "../helpers/socket";
import { fragmentText, openMinutes, typeParagraph, waitFor } from "./helpers";

async function main() {
  const [meetingId, itemId] = process.argv.slice(2).map(Number);
  const env = { REDIS_URL: process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379", REDIS_PREFIX: `phs-test-${process.pid}-${Date.now()}`, COLLAB_DEBOUNCE_MS: "200" };
  const one = await spawnAppServer({ env });
  const two = await spawnAppServer({ env });
  const result: Record<string, unknown> = {};
  try {
    const writer = await openMinutes(one.baseUrl, await signInAs(one.baseUrl, "vanphong"), meetingId);
    const cookieTwo = await signInAs(two.baseUrl, "thanhvien");
    const reader = await openMinutes(two.baseUrl, cookieTwo, meetingId);
    result.synced = [writer.status, reader.status];
    const t0 = Date.now();
    typeParagraph(writer.doc, "Gõ trên máy chủ số 1");
    await waitFor(() => fragmentText(reader.doc).includes("Gõ trên máy chủ số 1"), 10000, "the update to cross processes");
    result.crossProcessMs = Date.now() - t0;
    result.converged = fragmentText(reader.doc) === fragmentText(writer.doc);

    const watcher = connectSocket(two.baseUrl, cookieTwo);
    await waitForConnect(watcher);
    result.joined = await emitWithAck(watcher, "room:join", { room: `meeting:${meetingId}` });
    const changed = waitForEvent<{ change: string }>(watcher, "meeting:changed", 10000);
    const res = await postForm(one.baseUrl, `/meetings/${meetingId}`, { intent: "agenda-status", itemId: String(itemId), status: "discussing" }, await signInAs(one.baseUrl, "vanphong"));
    result.postStatus = res.status;
    result.remoteEvent = await changed;
    writer.close();
    reader.close();
    watcher.disconnect();
  } catch (e) {
    result.error = String(e);
  } finally {
    await one.stop();
    await two.stop();
  }
  console.log("RESULT " + JSON.stringify(result));
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });

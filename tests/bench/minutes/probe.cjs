/**
 * Preloaded (node --require) into the benchmark's server child processes, ours
 * and Hocuspocus alike, so that neither server's code exposes anything new.
 * It answers the parent over the IPC channel with the process's own CPU time,
 * memory and event-loop utilization, and runs a full GC on request (the child
 * is started with --expose-gc). Nothing here touches the server itself.
 */
"use strict";
const { performance, monitorEventLoopDelay } = require("node:perf_hooks");

if (typeof process.send === "function") {
  // How long the server's event loop was blocked (what a waiting message feels), since the last reset.
  const lag = monitorEventLoopDelay({ resolution: 2 });
  lag.enable();
  const snapshot = () => ({
    cpu: process.cpuUsage(),
    mem: process.memoryUsage(),
    elu: performance.eventLoopUtilization(),
    lag: { p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 },
    pid: process.pid,
    t: Date.now(),
  });
  let session = null;
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  process.on("message", async (msg) => {
    if (!msg || typeof msg !== "object" || msg.probe !== true) return;
    // BENCH_SERVER_PROF: a CPU profile of the measured window only (the inspector, not --cpu-prof, so no exit is needed).
    if (msg.cmd === "profile-start") {
      const inspector = require("node:inspector");
      session = new inspector.Session();
      session.connect();
      await post("Profiler.enable");
      await post("Profiler.setSamplingInterval", { interval: 200 });
      await post("Profiler.start");
      // BENCH_SERVER_HEAP=1: also sample allocations, collected ones included (where the garbage comes from).
      if (process.env.BENCH_SERVER_HEAP === "1") {
        await post("HeapProfiler.startSampling", { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
      }
    } else if (msg.cmd === "profile-stop" && session) {
      const { profile } = await post("Profiler.stop");
      require("node:fs").writeFileSync(msg.file, JSON.stringify(profile));
      if (process.env.BENCH_SERVER_HEAP === "1") {
        const { profile: heap } = await post("HeapProfiler.stopSampling");
        require("node:fs").writeFileSync(msg.file.replace(/\.cpuprofile$/, "") + ".heapprofile", JSON.stringify(heap));
      }
      session.disconnect();
      session = null;
    }
    if (msg.cmd === "gc" && typeof global.gc === "function") {
      // Several passes with pauses: weak refs, finalizers and lazily swept pages settle.
      for (let i = 0; i < 4; i++) {
        global.gc();
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const snap = snapshot();
    if (msg.resetLag) lag.reset();
    process.send({ probe: true, id: msg.id, ...snap });
  });
  // The IPC channel must not keep a stopped server alive…
  process.channel?.unref?.();
  // …and a server whose benchmark died goes too (gracefully, as on SIGTERM).
  process.on("disconnect", () => process.kill(process.pid, "SIGTERM"));
}

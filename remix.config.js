/** @type {import('@remix-run/dev').AppConfig} */
module.exports = {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  // CommonJS on the server: Yjs, lib0 and y-protocols must load in ONE module
  // format (DESIGN.md §9), and jest/tsx require the build the same way.
  serverModuleFormat: "cjs",
  serverPlatform: "node",
  tailwind: true,
  postcss: true,
  // models/ and realtime/ live outside app/ but are bundled into build/index.js;
  // the server reaches them only through build.entry.module (one module graph).
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
  },
  watchPaths: ["./models/**/*", "./realtime/**/*", "./migrations/**/*"],
};

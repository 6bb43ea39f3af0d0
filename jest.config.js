/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  testPathIgnorePatterns: ["/node_modules/", "/tests/bench/"],
  transform: {
    "^.+\\.tsx?$": ["ts-jest", { tsconfig: { isolatedModules: true, jsx: "react-jsx", module: "commonjs", esModuleInterop: true, useDefineForClassFields: false } }],
  },
  moduleNameMapper: { "^~/(.*)$": "<rootDir>/app/$1" },
  setupFiles: ["<rootDir>/tests/setup-env.ts"],
  testTimeout: 60_000,
  maxWorkers: 2,
};

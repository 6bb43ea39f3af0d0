import pino from "pino";
import { singleton } from "./singleton.server";
import { isProduction } from "./config.server";

// Structured JSON logs on stdout; LOG_LEVEL=silent in tests.
export const logger = singleton("logger", () =>
  pino({
    level: process.env.LOG_LEVEL || (isProduction() ? "info" : "debug"),
    base: { app: "phong-hop-so" },
    redact: ["password", "*.password", "req.headers.cookie"],
  }),
);

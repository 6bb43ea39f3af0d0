// The Remix compiler replaces the literal `process.env.NODE_ENV` with
// "production" in the server build, so the real value is read through an alias
// that the bundler leaves alone.
const env = process.env;

/** NODE_ENV of the running process (not of the build). */
export function nodeEnv() {
  return env.NODE_ENV;
}

export function isProduction() {
  return env.NODE_ENV === "production";
}

#!/usr/bin/env node
// npm start: build when the production build is missing or older than the sources, then
// serve it with `next start`.
//
//   PORT  port to listen on (default 3000)
//   HOST  interface to bind (default "localhost": the app is a local design tool, so it is not
//         exposed to the network unless asked; use HOST=0.0.0.0 in a container)
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const buildId = path.join(root, ".next", "BUILD_ID");

/** Folders and files whose changes make the build stale. */
const SOURCES = [
  "app",
  "components",
  "model",
  "server",
  "simulator",
  "generators",
  "examples",
  "public",
  "next.config.js",
  "package.json",
  "tsconfig.json",
];
const SKIP_DIRS = new Set(["node_modules", ".next", ".git"]);

const port = process.env.PORT || "3000";
const host = process.env.HOST || "localhost";
if (!/^\d{1,5}$/.test(port) || Number(port) > 65535)
  fail(`PORT must be a number from 0 to 65535, got ${JSON.stringify(port)}`);

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

function fail(message) {
  console.error(`archsim start: ${message}`);
  process.exit(1);
}

/** The newest modification time (ms) under a file or folder; 0 if it does not exist. */
function newestMtime(p) {
  let st;
  try {
    st = statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs; // a deleted file shows only as a newer folder
  for (const entry of readdirSync(p, { withFileTypes: true })) {
    if (entry.isDirectory() && SKIP_DIRS.has(entry.name)) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry.name)));
  }
  return newest;
}

function getStaleReason() {
  if (!existsSync(buildId)) return "no production build yet";
  const built = statSync(buildId).mtimeMs;
  for (const src of SOURCES) {
    if (newestMtime(path.join(root, src)) > built) return `${src} changed since the last build`;
  }
  return null;
}

/** The running child (build, then server): signals to this script are passed on to it. */
let child = null;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    if (child && child.exitCode === null) child.kill(signal);
    else process.exit(1);
  });
}

/** Runs `next <args>` and resolves with its exit code (or 1 if a signal ended it). */
function runNext(args) {
  return new Promise((resolve) => {
    child = spawn(process.execPath, [nextBin, ...args], { cwd: root, env, stdio: "inherit" });
    child.on("error", (err) => fail(`could not run next: ${err.message}`));
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

if (!existsSync(nextBin)) fail(`next is not installed (${path.relative(root, nextBin)} is missing): run npm install`);

const reason = getStaleReason();
if (reason) {
  console.log(`archsim start: building (${reason}) ...`);
  const started = Date.now();
  const code = await runNext(["build"]);
  if (code !== 0) fail(`next build failed (exit ${code})`);
  console.log(`archsim start: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} else {
  console.log("archsim start: the production build is up to date");
}

const shownHost = host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
console.log(`archsim start: serving on http://${shownHost}:${port} (bound to ${host})`);
process.exit(await runNext(["start", "-p", port, "-H", host]));

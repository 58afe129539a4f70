/** Runs a command to its end and says how it went (exit code, output, seconds); never throws. */
import { spawn } from "node:child_process";
import { createConnection } from "node:net";

export interface RunResult {
  readonly code: number | null;
  readonly output: string;
  readonly seconds: number;
}

/** Output kept of one command (its end): enough to read a failure, bounded for a chatty install. */
export const RUN_OUTPUT_LIMIT = 200_000;

export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const keep = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.length > RUN_OUTPUT_LIMIT) output = output.slice(-RUN_OUTPUT_LIMIT);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            output += `\n[killed after ${options.timeoutMs} ms]`;
            child.kill("SIGKILL");
          }, options.timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      resolve({ code: null, output: output + String(err), seconds: (performance.now() - started) / 1000 });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output, seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** Whether a program is on PATH. */
export async function hasCommand(name: string): Promise<boolean> {
  return (await run("sh", ["-c", `command -v ${name}`])).code === 0;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` every `everyMs` until it gives a value other than undefined, or throws `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 100,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (performance.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`,
      );
    await sleep(everyMs);
  }
}

/** Throws, with the end of its output, when a step's command failed; returns the result otherwise. */
export function expectOk(step: string, r: RunResult): RunResult {
  if (r.code !== 0)
    throw new Error(`${step} failed (exit ${r.code}) after ${r.seconds.toFixed(1)} s:\n${r.output.slice(-6000)}`);
  return r;
}

/** Whether something accepts a TCP connection at host:port (1 s at most). */
export function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

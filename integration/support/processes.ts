/**
 * The processes of a generated repository, each started as `npm run start:<id>` does after its
 * build (`node scripts/start.mjs <id>`: log lines prefixed by the id, SIGTERM passed on to the
 * process), so that one can be stopped and started again on its own.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { sleep, waitFor } from "./run";

/** Log lines kept per process (the last ones), shown when a step fails. */
export const PROCESS_LOG_LIMIT = 300;

export class GeneratedProcess {
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  readonly log: string[] = [];

  constructor(
    readonly id: string,
    readonly port: number,
    private readonly repo: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get running(): boolean {
    return this.#child !== undefined;
  }

  /** The kept log lines that are pino's JSON records, parsed without start.mjs's `[id] ` prefix (other lines left out). */
  records(): Record<string, unknown>[] {
    return this.log.flatMap((line) => {
      const text = line.startsWith("[") ? line.slice(line.indexOf("] ") + 2) : line;
      if (!text.startsWith("{")) return [];
      try {
        return [JSON.parse(text) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  /** Starts the process and waits until GET /readyz answers 200 (broker and databases ready). */
  async start(timeoutMs = 30_000): Promise<void> {
    if (this.#child) throw new Error(`${this.id} is already running`);
    const child = spawn(process.execPath, [join("scripts", "start.mjs"), this.id], {
      cwd: this.repo,
      env: { ...this.env, PORT: String(this.port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.#child = child;
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) if (line) this.log.push(line);
      if (this.log.length > PROCESS_LOG_LIMIT) this.log.splice(0, this.log.length - PROCESS_LOG_LIMIT);
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    this.#exited = new Promise((resolve) =>
      child.once("exit", (code, signal) => {
        this.log.push(`[exited: code ${code}, signal ${signal}]`);
        if (this.#child === child) this.#child = undefined;
        resolve();
      }),
    );
    try {
      await waitFor(
        `${this.id} to answer GET /readyz with 200 on port ${this.port}`,
        async () => {
          if (!this.#child) throw new Error(`${this.id} exited:\n${this.log.slice(-20).join("\n")}`);
          const res = await fetch(`http://127.0.0.1:${this.port}/readyz`);
          return res.status === 200 ? true : undefined;
        },
        timeoutMs,
      );
    } catch (err) {
      throw new Error(`${String(err)}\nlast lines of ${this.id}:\n${this.log.slice(-20).join("\n")}`);
    }
  }

  /** SIGTERM (the generated graceful shutdown), SIGKILL after `graceMs`; resolves once it has exited. */
  async stop(graceMs = 15_000): Promise<void> {
    const child = this.#child;
    if (!child) return;
    child.kill("SIGTERM");
    const killed = sleep(graceMs).then(() => {
      if (this.#child === child) child.kill("SIGKILL");
    });
    await Promise.race([this.#exited, killed]);
    await this.#exited;
  }
}

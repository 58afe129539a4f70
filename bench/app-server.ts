/**
 * The production app for the browser benchmarks: `next start` on a port of its own with a
 * fresh design store, and designs stored through the API.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Starts the production build of `root` on `port`; `stop` ends it and removes its store. */
export async function startServer(root: string, port: number): Promise<{ url: string; stop(): Promise<void> }> {
  if (!existsSync(path.join(root, ".next", "BUILD_ID")))
    throw new Error("no production build: run `npx next build` first (inside the build lock)");
  const data = mkdtempSync(path.join(os.tmpdir(), "archsim-bench-"));
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: root,
      env: { ...process.env, ARCHSIM_DATA: data, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const stop = async () => {
    if (child.exitCode === null) {
      const gone = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    rmSync(data, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode} (is port ${port} free?)`);
    try {
      const r = await fetch(`${url}/api/designs`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not answer on ${url} within 60 s`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, stop };
}

export async function storeDesign(url: string, text: string): Promise<string> {
  const r = await fetch(`${url}/api/designs`, {
    method: "POST",
    headers: { "Content-Type": "application/yaml" },
    body: text,
  });
  if (r.status !== 201) throw new Error(`POST /api/designs answered ${r.status}: ${await r.text()}`);
  return ((await r.json()) as { id: string }).id;
}

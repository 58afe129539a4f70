/**
 * The worker of `--replications`. This module sits beside the worker in the sources (cli/) and in
 * the bundle (dist/archsim/, where esbuild puts every chunk), so one relative URL finds it in both.
 */
export function getWorkerUrl(): URL {
  return new URL("./simulate-worker.mjs", import.meta.url);
}

/** A captured Output for tests: what the CLI wrote to stdout and stderr, line by line. */
import type { Output } from "./output";

export function captureOutput(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (l) => stdout.push(l),
    err: (l) => stderr.push(l),
    outChunks: async (chunks) => {
      let text = "";
      for (const c of chunks) text += c;
      stdout.push(text);
    },
  };
}

/** Where the CLI writes: stdout for results, stderr for diagnostics and progress. Injected for tests. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
  /** Writes a long text to stdout piece by piece, then a newline; resolves when the pieces are handed on. */
  outChunks(chunks: Iterable<string>): Promise<void>;
}

// C0 and C1 controls, DEL, line and paragraph separators and bidi overrides: any of them can
// retitle a terminal, move the cursor or forge a line that the CLI did not print.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** Text from a design or the command line made safe to print: control characters become `\n`, `\u001b`, … */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Resolves once `stream` can take more, or is closed or broken (its error handler then decides). */
function waitForDrain(stream: NodeJS.WritableStream & { destroyed?: boolean }): Promise<void> {
  if (stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done);
      stream.off("close", done);
      stream.off("error", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
    stream.on("error", done);
  });
}

export const processOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  async outChunks(chunks) {
    for (const chunk of chunks) {
      if (process.stdout.destroyed) return;
      if (!process.stdout.write(chunk)) await waitForDrain(process.stdout);
    }
    process.stdout.write("\n");
  },
};

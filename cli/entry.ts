#!/usr/bin/env node
/** The archsim process: runs the command, and turns a broken stdout or stderr into an exit code. */
import { EXIT_USAGE } from "./exit-codes";
import { main } from "./main";
import { escapeControl } from "./output";

function describeWriteError(e: NodeJS.ErrnoException): string {
  if (e.code === "ENOSPC") return "no space left on the device";
  if (e.code === "EIO") return "an I/O error";
  return escapeControl(e.message);
}

for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    // A reader that stops early (`archsim ... | head`) closes the pipe: stop quietly, as Unix tools do.
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    // Anything else (a full disk, `> /dev/full`) is an I/O error: one line, exit 2, no stack.
    if (stream === process.stdout)
      try {
        process.stderr.write(`archsim: cannot write the output: ${describeWriteError(e)} (${e.code ?? "error"})\n`);
      } catch {
        // stderr is broken too: the exit code is all that is left.
      }
    process.exit(EXIT_USAGE);
  });
}

process.exitCode = await main(process.argv.slice(2));

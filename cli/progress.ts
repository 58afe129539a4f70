/**
 * A progress bar on stderr, drawn only on a terminal and only for runs that last over a second.
 * ARCHSIM_PROGRESS=1 forces it where stderr is not a terminal (a CI log, a test that waits for
 * the run to start), as one line per second instead of a bar redrawn in place.
 */
export interface Progress {
  update(fraction: number): void;
  done(): void;
}

export function createProgress(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
  delayMs = 1000,
  forced = process.env.ARCHSIM_PROGRESS === "1",
): Progress {
  const start = performance.now();
  const tty = stream.isTTY === true;
  let shown = false;
  let lastDraw = 0;
  return {
    update(fraction: number) {
      if (!tty && !forced) return;
      const now = performance.now();
      if (now - start < delayMs || now - lastDraw < (tty ? 100 : 1000)) return;
      lastDraw = now;
      shown = true;
      const elapsed = (now - start) / 1000;
      const eta = fraction > 0 ? (elapsed / fraction) * (1 - fraction) : 0;
      const figures = `${(fraction * 100).toFixed(0).padStart(3)}%  ${elapsed.toFixed(1)}s elapsed, ~${eta.toFixed(1)}s left`;
      if (!tty) {
        stream.write(`${label}: ${figures}\n`);
        return;
      }
      const width = 30;
      const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
      stream.write(`\r${label} [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${figures} `);
    },
    done() {
      if (shown && tty) stream.write("\r\u001b[2K");
    },
  };
}

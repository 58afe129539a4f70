/** A progress bar on stderr, drawn only on a terminal and only for runs that last over a second. */
export interface Progress {
  update(fraction: number): void;
  done(): void;
}

export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr, delayMs = 1000): Progress {
  const start = performance.now();
  const tty = stream.isTTY === true;
  let shown = false;
  let lastDraw = 0;
  return {
    update(fraction: number) {
      if (!tty) return;
      const now = performance.now();
      if (now - start < delayMs || now - lastDraw < 100) return;
      lastDraw = now;
      shown = true;
      const width = 30;
      const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
      const elapsed = (now - start) / 1000;
      const eta = fraction > 0 ? (elapsed / fraction) * (1 - fraction) : 0;
      stream.write(
        `\r${label} [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${elapsed.toFixed(1)}s elapsed, ~${eta.toFixed(1)}s left `,
      );
    },
    done() {
      if (shown) stream.write("\r\u001b[2K");
    },
  };
}

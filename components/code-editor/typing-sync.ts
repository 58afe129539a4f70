/**
 * When typing in the code editor reaches the document. Each send parses the whole design and
 * redraws the canvas, so a burst of keys is sent once, `delayMs` after its last key; but the
 * first key after a pause is sent at once (after the editor has painted it): a single edit
 * shows on the canvas without waiting out a delay meant for bursts. A pause is `delayMs`
 * without keys and without sends, so keys that queued up behind a slow send count as a burst.
 */

/** Runs `run` later; returns what cancels it. */
export type Schedule = (run: () => void) => () => void;

export interface TypingSyncOptions {
  /** Puts the text into the document. */
  send(): void;
  now(): number;
  /** Runs after `ms`. */
  later(run: () => void, ms: number): () => void;
  /** Runs once the editor has painted the key (the browser: the next frame, then a task). */
  afterPaint: Schedule;
  delayMs: number;
}

export interface TypingSync {
  /** A key changed the text. */
  typed(): void;
  /** Sends the pending typing after `ms` (0: once the current task is done). */
  sendIn(ms: number): void;
  /** Sends the pending typing now; nothing when none is pending. */
  flush(): void;
  /** Whether typing is waiting to be sent. */
  isPending(): boolean;
  /** Forgets the pending send (the caller sends or drops the typing itself). */
  dispose(): void;
}

export function createTypingSync(options: TypingSyncOptions): TypingSync {
  const { send, now, later, afterPaint, delayMs } = options;
  let cancel: (() => void) | null = null;
  let lastActivity = -Infinity;

  const clear = () => {
    cancel?.();
    cancel = null;
  };
  const flush = () => {
    if (!cancel) return;
    clear();
    send();
    // A send can take a while: keys typed meanwhile are a burst, not the first after a pause.
    lastActivity = now();
  };
  return {
    typed() {
      const t = now();
      const paused = t - lastActivity >= delayMs;
      lastActivity = t;
      clear();
      cancel = paused ? afterPaint(flush) : later(flush, delayMs);
    },
    sendIn(ms) {
      clear();
      cancel = later(flush, ms);
    },
    flush,
    isPending: () => cancel !== null,
    dispose: clear,
  };
}

/**
 * A run's timeseries kept on disk instead of in memory: a 720 h run has 2.6 million entries,
 * gigabytes as objects. Each entry is written as the text `JSON.stringify(result, null, 2)`
 * would give it inside the result, so the result streams out byte for byte the same.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TimeseriesEntry } from "../simulator";

/** Text is written to the file in pieces of about this many characters. */
const FLUSH_AT = 1 << 20;
/** And read back in pieces of this many bytes, the size json-chunks.ts writes in. */
const READ_PIECE = 1 << 16;
/** The entries' indentation inside the result: `"timeseries": [` is at depth 1. */
const ENTRY_PAD = "    ";

export class TimeseriesSpool {
  private readonly dir: string;
  private readonly fd: number;
  private buf = "";
  private count = 0;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), "archsim-timeseries-"));
    this.fd = openSync(join(this.dir, "timeseries.json"), "w+");
  }

  get length(): number {
    return this.count;
  }

  add(entry: TimeseriesEntry): void {
    const text = JSON.stringify(entry, null, 2).replaceAll("\n", `\n${ENTRY_PAD}`);
    this.buf += `${this.count === 0 ? "" : ","}\n${ENTRY_PAD}${text}`;
    this.count++;
    if (this.buf.length >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.buf.length > 0) writeSync(this.fd, this.buf);
    this.buf = "";
  }

  /**
   * The result's JSON text (`chunks` without its timeseries) with the spooled timeseries as
   * its last key, exactly as `JSON.stringify({ ...result, timeseries }, null, 2)` writes it.
   */
  *withResult(chunks: Iterable<string>): Generator<string> {
    this.flush();
    // Hold back the closing "\n}" of the result to put the timeseries before it.
    let pending = "";
    for (const chunk of chunks) {
      pending += chunk;
      if (pending.length > 2) {
        yield pending.slice(0, -2);
        pending = pending.slice(-2);
      }
    }
    if (pending !== "\n}") throw new Error("the result's JSON does not end with a closing brace");
    if (this.count === 0) {
      yield ',\n  "timeseries": []\n}';
      return;
    }
    yield ',\n  "timeseries": [';
    const piece = Buffer.alloc(READ_PIECE);
    for (let at = 0; ;) {
      const n = readSync(this.fd, piece, 0, piece.length, at);
      if (n === 0) break;
      at += n;
      // ASCII only (ids, routes and topics match ASCII patterns; the rest is numbers), so a
      // piece never splits a character.
      yield piece.toString("latin1", 0, n);
    }
    yield "\n  ]\n}";
  }

  /** Removes the file; call once done. */
  dispose(): void {
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

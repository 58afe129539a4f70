import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_DESIGN_BYTES } from "./engine";
import { readDesignFile } from "./io";

const dir = mkdtempSync(join(tmpdir(), "archsim-io-"));

describe("readDesignFile", () => {
  it("counts bytes as it reads: /proc/self/pagemap (stat says 0 bytes, it holds gigabytes) is over the limit", () => {
    const r = readDesignFile("/proc/self/pagemap");
    expect(r).toMatchObject({ ok: false, exitCode: 1 });
    expect(r.ok ? "" : "diagnostic" in r ? r.diagnostic.message : r.message).toBe(
      "the design is larger than the 5 MiB limit (5,242,880 bytes); split it or remove unused parts",
    );
  });

  it("reads a FIFO, which has no size, and stops one byte past the limit of an endless one", async () => {
    const fifo = join(dir, "design.fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    // A writer that never ends: without counting, the read would never return.
    const writer = spawn("bash", ["-c", `yes 'x: 1' > ${fifo}`], { stdio: "ignore" });
    try {
      const r = readDesignFile(fifo);
      expect(r).toMatchObject({ ok: false, exitCode: 1, diagnostic: { line: 1, col: 1 } });
    } finally {
      writer.kill();
    }
    const small = spawn("bash", ["-c", `printf 'archsim: 1\\n' > ${fifo}`], { stdio: "ignore" });
    expect(readDesignFile(fifo)).toEqual({ ok: true, text: "archsim: 1\n" });
    await new Promise((resolve) => small.on("close", resolve));
  });

  it("takes a file of exactly the limit and refuses one byte more, naming its size from stat", () => {
    const exact = join(dir, "exact.yaml");
    writeFileSync(exact, Buffer.alloc(MAX_DESIGN_BYTES, 0x20));
    expect(readDesignFile(exact)).toMatchObject({ ok: true });
    const over = join(dir, "over.yaml");
    writeFileSync(over, Buffer.alloc(MAX_DESIGN_BYTES + 1, 0x20));
    const r = readDesignFile(over);
    expect(r.ok ? "" : "diagnostic" in r ? r.diagnostic.message : r.message).toMatch(
      /^the design is 5,242,881 bytes, larger than the 5 MiB limit/,
    );
  });

  it("refuses a device as an I/O error without reading it", () => {
    expect(readDesignFile("/dev/zero")).toEqual({ ok: false, exitCode: 2, message: "/dev/zero: not a regular file" });
  });
});

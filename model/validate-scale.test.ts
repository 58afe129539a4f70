/**
 * The fan-out check at scale: seconds of work, so it runs in `npm test` but stays out of the
 * fast mutation suite (vitest.mutate.config.mts), where every mutant of the checks would rerun it.
 */
import { describe, expect, it } from "vitest";
import { parseDesign } from "./parse";

describe("fan-out at scale", () => {
  const chain = (levels: number, call: (next: string) => string) => {
    let out = "archsim: 1\ncomponents:\n  kv: { kind: cache, hitRatio: 0.9 }\n";
    for (let i = 0; i < levels; i++) {
      const steps = i + 1 < levels ? call(`s${i + 1}.op`) : "";
      out += `  s${i}: { kind: service, operations: { op: { steps: [ ${steps} ] } } }\n`;
    }
    return out;
  };

  it("counts a chain of 12,000 sequential calls without exhausting the stack: it passes the threshold too", () => {
    // s_i makes 12,000 - i runs: s1999 is the first past 10,000.
    const r = parseDesign(chain(12_000, (next) => `{ call: ${next} }`));
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => [w.path, w.message])).toEqual([
      [
        "components.s1999.operations.op",
        "one run of s1999.op makes about 10,001 operation runs through its calls, more than 10,000: calls repeated or in parallel multiply at each level",
      ],
    ]);
  });
});

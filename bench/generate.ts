/**
 * `npm run bench:generate`: generateRepo on examples/ecommerce.yaml (the design parsed once,
 * outside the timing). Runs a few warm-up generations, then times each of --runs generations
 * and prints the median, min and max in ms and the number of files. Target: median < 300 ms.
 *
 *   tsx bench/generate.ts [--runs 30] [--design examples/ecommerce.yaml]
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseDesign } from "../model";
import { generateRepo } from "../generators";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const runs = Number(option("--runs", "30"));
const designPath = option("--design", "examples/ecommerce.yaml");
const WARMUP_RUNS = 5;

const design = parseDesign(readFileSync(designPath, "utf8")).design;
if (!design) throw new Error(`${designPath} does not validate`);

let files = 0;
for (let i = 0; i < WARMUP_RUNS; i++) files = generateRepo(design).size;
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  generateRepo(design);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const median =
  times.length % 2 ? times[(times.length - 1) / 2]! : (times[times.length / 2 - 1]! + times[times.length / 2]!) / 2;
console.log(
  `generateRepo(${designPath}): ${files} files; median ${median.toFixed(2)} ms, min ${times[0]!.toFixed(2)} ms, max ${times[times.length - 1]!.toFixed(2)} ms over ${runs} runs (target < 300 ms)`,
);

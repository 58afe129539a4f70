/**
 * The server's one design store: under ARCHSIM_DATA, or ./data, opened on first use and
 * seeded with the shipped examples the first time the store is created.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseDesign } from "../../model";
import { getExamplesDir, isExampleId } from "../examples";
import { DesignStore, DesignStoreError } from "./design-store";

/** The example that opens first on a new store: seeded last, so it is the most recent. */
export const FIRST_EXAMPLE = "ecommerce";

/** The data folder: ARCHSIM_DATA when set, else ./data under the working directory. */
export function getDataDir(): string {
  const fromEnv = process.env.ARCHSIM_DATA?.trim();
  return path.resolve(fromEnv ? fromEnv : path.join(process.cwd(), "data"));
}

// Kept on globalThis: Next.js may load this module once per route bundle, and every copy
// must share one connection.
const KEY = Symbol.for("archsim.designStore");
type Holder = { [KEY]?: DesignStore };

/** The process's store, opened (and on a new store, seeded) on first use. */
export function getDesignStore(): DesignStore {
  const holder = globalThis as Holder;
  let store = holder[KEY];
  if (!store) {
    const opened = DesignStore.open(getDataDir());
    try {
      seedExamples(opened, getExamplesDir());
    } catch (e) {
      // Not cached: the next request tries again, and this connection does not leak.
      opened.close();
      throw new DesignStoreError(
        `the design store ${JSON.stringify(opened.file)} opened, but adding the shipped examples failed (${e instanceof Error ? e.message : String(e)})`,
        opened.file,
      );
    }
    holder[KEY] = store = opened;
  }
  return store;
}

/**
 * Adds every valid example in `dir` to a store that was never seeded, FIRST_EXAMPLE last.
 * An example that does not parse is skipped (the example tests keep them valid).
 */
export function seedExamples(store: DesignStore, dir: string): boolean {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch (e) {
    // Started from another folder, or a build without examples: nothing to add, not an error.
    if ((e as { code?: string }).code === "ENOENT") return false;
    throw e;
  }
  return store.seedOnce((s) => {
    const ids = files
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => f.slice(0, -".yaml".length))
      .filter(isExampleId)
      .sort((a, b) => Number(a === FIRST_EXAMPLE) - Number(b === FIRST_EXAMPLE) || a.localeCompare(b));
    for (const id of ids) {
      const text = readFileSync(path.join(dir, `${id}.yaml`), "utf8");
      const { design } = parseDesign(text);
      if (design) s.create(text, design.name?.trim() || id);
    }
  });
}

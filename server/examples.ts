/** The designs shipped in examples/, read from disk and parsed with the model. */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseDesign, type Design, type DesignDiagnostic, type ExampleSummary } from "../model";

/** A description longer than this is cut in a summary (the full text is in the YAML). */
const DESCRIPTION_CHARS = 240;

/** An example id: the file name without `.yaml`, a lowercase slug (no dots, slashes or `..`). */
const EXAMPLE_ID_RE = /^[a-z][a-z0-9-]{0,62}$/;

export type LoadedExample = {
  name: string;
  /** Present only when the example parsed without errors. */
  design?: Design;
  errors: DesignDiagnostic[];
  warnings: DesignDiagnostic[];
};

/** The examples folder; Next and the CLI both run from the project root. */
export function getExamplesDir(): string {
  return path.resolve(process.cwd(), "examples");
}

export function isExampleId(name: string): boolean {
  return EXAMPLE_ID_RE.test(name);
}

/**
 * Reads and parses `examples/<name>.yaml`. A name that is not a plain example id is refused
 * before the file system is touched.
 * @example
 * const { design, errors } = await loadExampleDesign("ecommerce");
 */
export async function loadExampleDesign(name: string): Promise<LoadedExample> {
  if (!isExampleId(name)) throw new Error(`not an example id: ${JSON.stringify(name.slice(0, 80))}`);
  const dir = getExamplesDir();
  const file = path.join(dir, `${name}.yaml`);
  // The id pattern already rules out traversal; this keeps it true if the pattern is ever loosened.
  if (path.dirname(file) !== dir) throw new Error(`not an example id: ${JSON.stringify(name)}`);
  const text = await readFile(file, "utf8");
  const { design, errors, warnings } = parseDesign(text);
  return design ? { name, design, errors, warnings } : { name, errors, warnings };
}

/** The ids of the shipped examples, sorted. */
export async function listExampleIds(): Promise<string[]> {
  const files = await readdir(getExamplesDir());
  return files
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .filter(isExampleId)
    .sort();
}

/**
 * The examples in `dir` the model accepts, by id, as the "new design" form lists them. No
 * folder is no examples.
 */
export async function readExampleSummaries(dir: string = getExamplesDir()): Promise<ExampleSummary[]> {
  let files: string[];
  try {
    // The folder is chosen at run time: Turbopack is told not to trace the whole project for it.
    files = (await readdir(/*turbopackIgnore: true*/ dir, { withFileTypes: true }))
      .filter((f) => f.isFile())
      .map((f) => f.name);
  } catch (e) {
    // A build shipped without the folder: nothing to offer, as the store's seeding treats it.
    if ((e as { code?: string }).code === "ENOENT") return [];
    throw e;
  }
  const ids = files
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .filter(isExampleId)
    .sort();
  const out: ExampleSummary[] = [];
  for (const id of ids) {
    const { design } = parseDesign(await readFile(/*turbopackIgnore: true*/ path.join(dir, `${id}.yaml`), "utf8"));
    // An example the model refuses could not be created from anyway.
    if (!design) continue;
    out.push({
      id,
      name: design.name?.trim() || id,
      description: shorten(design.description?.trim() ?? "", DESCRIPTION_CHARS),
      components: Object.keys(design.components).length,
    });
  }
  return out;
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

import { basename } from "node:path";
import { parseArgs } from "node:util";
import {
  applyWritePlan,
  countActions,
  GENERATOR_VERSION,
  initGitRepo,
  planWrite,
  WriteRefusal,
  type WritePlan,
} from "../../server/generate";
import { readValidDesign } from "../design-input";
import { generateFiles, type Design, type FileMap } from "../engine";
import { EXIT_OK, EXIT_USAGE } from "../io";
import { escapeControl, type Output } from "../output";

export const GENERATE_HELP = `Usage: archsim generate <design> --out <dir> [--force] [--dry-run] [--git]

Generates a repository from a design (YAML or JSON) into a folder. Generated
files are rewritten on every run; files that are yours (handlers, your tests) are
written once and never overwritten; generated files no longer generated are removed.

Options:
  -o, --out <dir>   the folder to write (created if missing)
      --force       write into a non-empty folder that is not a previous archsim output
      --dry-run     print what would change and write nothing
      --git         make the folder a git repository with one initial commit
  -h, --help        show this help

Output: one line per file that is created, updated or removed (or left in place
with a reason), "action  path", on stdout; a summary line with the counts, your
files kept included, on stderr. --dry-run prints the same and writes nothing.

Exit codes: 0 done, 1 the design is invalid, 2 usage or I/O error (including a
folder that is refused).`;

/** How a file's action is printed: the verb, padded so the paths line up. */
const VERBS = { create: "create", update: "update", unchanged: "same", keep: "keep", remove: "remove" } as const;

type GenerateArgs = { file: string; out: string; force: boolean; dryRun: boolean; git: boolean };

function parseGenerateArgs(args: string[]): GenerateArgs | { help: true } | { error: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: "string", short: "o" },
        force: { type: "boolean" },
        "dry-run": { type: "boolean" },
        git: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    return { error: (e as Error).message };
  }
  const v = parsed.values;
  if (v.help) return { help: true };
  if (parsed.positionals.length !== 1)
    return { error: `expected exactly one design file, got ${parsed.positionals.length}` };
  if (v.out === undefined) return { error: "--out <dir> is required: the folder to write the repository into" };
  if (v.out === "") return { error: "--out needs a folder name" };
  return {
    file: parsed.positionals[0]!,
    out: v.out,
    force: v.force === true,
    dryRun: v["dry-run"] === true,
    git: v.git === true,
  };
}

/**
 * The per-file lines, in path order: what changes (create, update, remove) and a file left in
 * place with a reason; files unchanged and your files simply kept are only counted.
 */
export function formatPlanLines(plan: WritePlan): string[] {
  return plan.files
    .filter((f) => f.action === "create" || f.action === "update" || f.action === "remove" || f.note !== undefined)
    .map((f) => `${VERBS[f.action].padEnd(6)}  ${escapeControl(f.path)}${f.note ? `  (${f.note})` : ""}`);
}

/** The summary: counts per action, worded for a dry run or a write. */
export function formatPlanSummary(plan: WritePlan, out: string, dryRun: boolean): string {
  const c = countActions(plan);
  const parts = dryRun
    ? [
        `${c.create} to create`,
        `${c.update} to update`,
        `${c.remove} to remove`,
        `${c.keep} kept (yours)`,
        `${c.unchanged} unchanged`,
      ]
    : [
        `${c.create} created`,
        `${c.update} updated`,
        `${c.remove} removed`,
        `${c.keep} kept (yours)`,
        `${c.unchanged} unchanged`,
      ];
  return dryRun
    ? `${escapeControl(out)}: dry run, nothing written: ${parts.join(", ")}`
    : `${escapeControl(out)}: ${parts.join(", ")}`;
}

/**
 * `archsim generate`: exit 0 written (or planned with --dry-run), 1 invalid design, 2 usage,
 * I/O or a refused folder. `generate` is injected for tests; the CLI passes the real generator.
 */
export async function runGenerate(
  argv: string[],
  out: Output,
  generate: (design: Design) => FileMap = generateFiles,
): Promise<number> {
  const args = parseGenerateArgs(argv);
  if ("help" in args) {
    out.out(GENERATE_HELP);
    return EXIT_OK;
  }
  if ("error" in args) {
    out.err(`archsim generate: ${escapeControl(args.error)}\n\n${GENERATE_HELP}`);
    return EXIT_USAGE;
  }
  const input = readValidDesign(args.file, "generate", out);
  if (typeof input === "number") return input;
  const design = input.design;
  const designName = design.name ?? basename(args.file).replace(/\.(ya?ml|json)$/i, "");
  const files = generate(design);
  let plan: WritePlan;
  try {
    plan = planWrite(files, args.out, { designName, force: args.force });
    for (const line of formatPlanLines(plan)) out.out(line);
    if (!args.dryRun) applyWritePlan(plan, files);
  } catch (e) {
    out.err(`archsim generate: ${escapeControl(describeWriteError(e, args.out))}`);
    return EXIT_USAGE;
  }
  out.err(formatPlanSummary(plan, args.out, args.dryRun));
  if (!args.git) return EXIT_OK;
  if (args.dryRun) {
    out.err(`${escapeControl(args.out)}: --git: would make it a git repository with one initial commit`);
    return EXIT_OK;
  }
  const git = initGitRepo(plan.outDir, { message: `Generate ${designName} with archsim ${GENERATOR_VERSION}` });
  if (git.ok) {
    out.err(`${escapeControl(args.out)}: git repository with the initial commit ${git.commit.slice(0, 12)}`);
    return EXIT_OK;
  }
  out.err(`archsim generate: --git: ${escapeControl(git.why)}`);
  return git.why.startsWith("it is already a git repository") ? EXIT_OK : EXIT_USAGE;
}

function describeWriteError(e: unknown, out: string): string {
  if (e instanceof WriteRefusal) return e.message;
  const err = e as NodeJS.ErrnoException;
  const where = err.path ?? out;
  if (err.code === "EACCES" || err.code === "EPERM") return `${where}: permission denied`;
  if (err.code === "ENOSPC") return `${where}: no space left on the device`;
  if (err.code === "EROFS") return `${where}: read-only file system`;
  if (err.code === "ENOTDIR") return `${where}: a file is where a folder is needed`;
  if (err.code === undefined && err instanceof Error && /unsafe output path/.test(err.message)) return err.message;
  if (err.code === undefined) throw e;
  return `${where}: ${err.message}`;
}

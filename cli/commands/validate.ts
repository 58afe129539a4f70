import { parseArgs } from "node:util";
import { parseDesign, type DesignDiagnostic } from "../engine";
import { formatDiagnosticLine } from "../diagnostic-line";
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, readDesignFile } from "../io";
import { toJsonChunks } from "../json-chunks";
import { escapeControl, type Output } from "../output";

export const VALIDATE_HELP = `Usage: archsim validate <file> [--json]

Checks a design (YAML or JSON) against the archsim format: the schema, every
reference, mix sums and cycles of sync calls. All problems are reported at once.

Options:
  --json      print { file, valid, errors, warnings } as JSON on stdout
  -h, --help  show this help

Output: one line per problem, "file:line:col: path: message"; warnings are
printed too but do not make a design invalid.

Exit codes: 0 valid, 1 invalid, 2 usage or I/O error.`;

/** `archsim validate`: exit 0 valid, 1 invalid, 2 usage or I/O error. */
export async function runValidate(args: string[], out: Output): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    });
  } catch (e) {
    out.err(`archsim validate: ${escapeControl((e as Error).message)}\n\n${VALIDATE_HELP}`);
    return EXIT_USAGE;
  }
  if (parsed.values.help) {
    out.out(VALIDATE_HELP);
    return EXIT_OK;
  }
  if (parsed.positionals.length !== 1) {
    out.err(`archsim validate: expected exactly one design file, got ${parsed.positionals.length}\n\n${VALIDATE_HELP}`);
    return EXIT_USAGE;
  }
  const file = parsed.positionals[0]!;
  const json = parsed.values.json === true;
  const read = readDesignFile(file);
  if (!read.ok && read.exitCode === EXIT_USAGE) {
    if (json)
      await out.outChunks(
        toJsonChunks({ file, valid: false, ioError: true, errors: [{ message: read.message }], warnings: [] }),
      );
    else out.err(escapeControl(read.message));
    return read.exitCode;
  }
  // A file that is too large or not UTF-8 is reported like any other design error.
  const result = read.ok ? parseDesign(read.text) : { errors: [read.diagnostic], warnings: [], design: undefined };
  if (json) {
    const strip = (d: DesignDiagnostic) => ({
      line: d.line,
      col: d.col,
      endLine: d.endLine,
      endCol: d.endCol,
      path: d.path,
      message: d.message,
    });
    await out.outChunks(
      toJsonChunks({
        file,
        valid: result.errors.length === 0,
        errors: result.errors.map(strip),
        warnings: result.warnings.map(strip),
      }),
    );
  } else {
    for (const d of result.errors) out.out(formatDiagnosticLine(d, file));
    for (const d of result.warnings) out.err(formatDiagnosticLine(d, file));
    if (result.errors.length === 0) {
      const n = Object.keys(result.design!.components).length;
      out.err(
        `${escapeControl(file)}: valid (${n} component${n === 1 ? "" : "s"}${result.warnings.length ? `, ${result.warnings.length} warning${result.warnings.length === 1 ? "" : "s"}` : ""})`,
      );
    } else {
      out.err(`${escapeControl(file)}: ${result.errors.length} error${result.errors.length === 1 ? "" : "s"}`);
    }
  }
  return result.errors.length === 0 ? EXIT_OK : EXIT_INVALID;
}

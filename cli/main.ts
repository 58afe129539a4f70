/** The archsim command line: `archsim <command> [options]`. */
import { runSimulate } from "./commands/simulate";
import { runValidate } from "./commands/validate";
import { EXIT_OK, EXIT_USAGE } from "./io";
import { processOutput, type Output } from "./output";

const COMMANDS: Record<string, { summary: string; run: (args: string[], out: Output) => number | Promise<number> }> = {
  validate: { summary: "check a design file and report every problem with its line:col and path", run: runValidate },
  simulate: {
    summary: "run a scenario in the simulator and report latency, throughput and failures",
    run: runSimulate,
  },
};

export const MAIN_HELP = `Usage: archsim <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join("\n")}

Run "archsim <command> --help" for a command's options.`;

/** Runs the CLI and returns the exit code; never throws for bad input. */
export async function main(argv: string[], out: Output = processOutput): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    (command === undefined ? out.err : out.out)(MAIN_HELP);
    return command === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const entry = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!entry) {
    out.err(`archsim: unknown command "${command}"\n\n${MAIN_HELP}`);
    return EXIT_USAGE;
  }
  try {
    return await entry.run(rest, out);
  } catch (e) {
    out.err(
      `archsim ${command}: internal error: ${(e as Error).message}. Please report it with the input that caused it.`,
    );
    return 70;
  }
}

/** The archsim command line: `archsim <command> [options]`. */
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from "./exit-codes";
import { escapeControl, processOutput, type Output } from "./output";

type Command = (args: string[], out: Output) => number | Promise<number>;

// Commands load on use: `archsim --help` must not load the engine (zod, yaml, the simulator).
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  validate: {
    summary: "check a design file and report every problem with its line:col and path",
    load: async () => (await import("./commands/validate")).runValidate,
  },
  simulate: {
    summary: "run a scenario in the simulator and report latency, throughput and failures",
    load: async () => (await import("./commands/simulate")).runSimulate,
  },
  generate: {
    summary: "write a runnable repository for a design into a folder (--dry-run shows the changes)",
    load: async () => (await import("./commands/generate")).runGenerate,
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
    out.err(`archsim: unknown command "${escapeControl(command)}"\n\n${MAIN_HELP}`);
    return EXIT_USAGE;
  }
  try {
    return await (
      await entry.load()
    )(rest, out);
  } catch (e) {
    out.err(
      `archsim ${command}: internal error: ${escapeControl(String((e as Error)?.message ?? e))}. Please report it with the input that caused it.`,
    );
    return EXIT_INTERNAL;
  }
}

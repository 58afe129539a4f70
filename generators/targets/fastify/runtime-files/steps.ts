/** packages/runtime/src/steps.ts of the generated repository (see ../runtime-sources.ts). */
export const STEPS_SOURCE = `import type { Logger } from "pino";
import { HttpError } from "./errors.js";
import { UnitOfWork, type Repository } from "./repository.js";
import { isSyntheticWork } from "./synthetic.js";

/** What a route or a message hands an operation. */
export interface OperationInput {
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: unknown;
}

/** Runs a step unless its \`probability\` says to skip it this time. */
export async function maybe(probability: number, step: () => Promise<void>): Promise<void> {
  if (probability >= 1 || Math.random() < probability) await step();
}

/** Runs an \`optional\` step: its failure is logged and does not fail the operation. */
export async function optional(log: Logger, what: string, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (err) {
    log.warn({ step: what, err: String(err) }, "optional step failed");
  }
}

/** A \`parallel\` step: all at once, done when all are done; fails with the first failure. */
export async function parallel(steps: readonly (() => Promise<void>)[]): Promise<void> {
  const results = await Promise.allSettled(steps.map((s) => s()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

const branchChoices = new WeakMap<object, number[]>();

/**
 * A handler's choice of alternatives for its operation's \`branch\` steps, in the order those steps
 * run (0 is a step's first alternative): \`return chooseBranches(order, 1)\` takes the second. The
 * result is returned as it is (the choice is kept beside it, not in it).
 */
export function chooseBranches<T extends object>(result: T, ...alternatives: number[]): T {
  branchChoices.set(result, [...alternatives]);
  return result;
}

/** The choices a handler made with chooseBranches (consumed by the branch steps, in order). */
export function takeBranchChoices(result: unknown): number[] {
  return (result !== null && typeof result === "object" && branchChoices.get(result)) || [];
}

/**
 * A \`branch\` step runs one alternative: the one the handler chose (chooseBranches); else, with
 * SYNTHETIC_WORK=1, one drawn by relative weight as the simulator draws it; else the heaviest (the
 * first of equal weights), the design's main path, so that plain code never takes a rare path by chance.
 */
export async function branch(
  alternatives: readonly { weight: number; run: () => Promise<void> }[],
  choices: number[] = [],
): Promise<void> {
  const chosen = choices.shift();
  if (chosen !== undefined) {
    const alternative = alternatives[chosen];
    if (!alternative)
      throw new Error("branch alternative " + chosen + " does not exist (this branch has " + alternatives.length + ")");
    return alternative.run();
  }
  if (isSyntheticWork()) {
    const total = alternatives.reduce((s, a) => s + a.weight, 0);
    let x = Math.random() * total;
    for (const a of alternatives) {
      x -= a.weight;
      if (x < 0) return a.run();
    }
    return alternatives[alternatives.length - 1]?.run();
  }
  let heaviest = alternatives[0];
  for (const a of alternatives) if (heaviest && a.weight > heaviest.weight) heaviest = a;
  return heaviest?.run();
}

/** The id a record is stored under: the handler's result \`id\`, else the path's \`{id}\`. */
function getRecordId(input: OperationInput, result: unknown): string | undefined {
  if (result !== null && typeof result === "object" && typeof (result as { id?: unknown }).id === "string")
    return (result as { id: string }).id;
  return input.params.id;
}

/**
 * A \`query\` step: an operation that reads (GET, or a message-less call with an \`{id}\` and no
 * result) loads the record and answers 404 when there is none; any other writes its handler's
 * result under its \`id\`. The record read is returned to be merged into the response.
 */
export async function query(
  repo: Repository,
  collection: string,
  method: string,
  input: OperationInput,
  result: unknown,
): Promise<Record<string, unknown> | undefined> {
  const id = getRecordId(input, result);
  if (method === "GET") {
    if (id === undefined) return undefined;
    const found = await repo.get(collection, id);
    if (!found) throw new HttpError(404, "not_found", collection + " " + id + " not found");
    return found;
  }
  if (id !== undefined && result !== null && typeof result === "object")
    await repo.put(collection, id, result as Record<string, unknown>);
  return undefined;
}

/**
 * Runs an operation's steps in one unit of work: the \`query\` steps on a database that an
 * \`outbox: true\` publish writes to, and that publish, share its transaction. It commits when every
 * step succeeded (the answer is sent after the commit) and rolls back when one failed, so a record
 * and the message announcing it are kept together or not at all.
 */
export async function inUnitOfWork(steps: (uow: UnitOfWork) => Promise<void>): Promise<void> {
  const uow = new UnitOfWork();
  try {
    await steps(uow);
  } catch (err) {
    await uow.rollback().catch(() => undefined);
    throw err;
  }
  await uow.commit();
}

/** A value as a record to spread: objects as they are, anything else as { value }. */
export function asRecord(value: unknown): Record<string, unknown> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  return value === undefined ? {} : { value };
}

/** The message every publish step sends: its topic, the operation that sent it, and its data. */
export interface EventMessage {
  readonly topic: string;
  readonly source: string;
  readonly data: unknown;
}

/** An operation's input from a consumed message: the message's data as the body. */
export function inputFromMessage(message: unknown): OperationInput {
  const data =
    message !== null && typeof message === "object" && "data" in message ? (message as EventMessage).data : message;
  return { params: {}, query: {}, body: data };
}
`;

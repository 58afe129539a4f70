/**
 * The entry point of code generation: a design in, the file map of a runnable repository out.
 */
import type { Design } from "../model";
import { FileMapBuilder, type FileMap } from "./file-map";
import { addFastifyRepo } from "./targets/fastify";
import { addDeployFiles } from "./targets/fastify/deploy";

/** The stacks a design can be generated for. */
export type GenerateTarget = "fastify";

export interface GenerateOptions {
  /** The stack to generate; only "fastify" (TypeScript, npm workspaces) exists. */
  readonly target?: GenerateTarget;
}

/**
 * The repository a design becomes: archsim-owned files (rewritten by every generation) and
 * user-owned handler stubs (written once), sorted by path. Pure and deterministic: the same
 * design gives byte-identical files.
 * @example generateRepo(parseDesign(text).design!).get("services/order/src/generated/app.ts")
 */
export function generateRepo(design: Design, options: GenerateOptions = {}): FileMap {
  if ((options.target ?? "fastify") !== "fastify") throw new Error(`unknown target ${String(options.target)}`);
  const b = new FileMapBuilder();
  addFastifyRepo(b, design);
  addDeployFiles(b, design);
  return b.build();
}

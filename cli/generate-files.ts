/**
 * The files `archsim generate` writes for a design. Bundled into engine.mjs with the model (see
 * engine.ts), so the command's chunk holds no second copy of zod, yaml or the model.
 */
import type { Design } from "../model";
import { FileMapBuilder, type FileMap } from "../generators";
import { addDeployFiles } from "../generators/targets/fastify/deploy";

/** The deploy files of the Fastify target: compose, k8s, observability, env, README, load and chaos scripts. */
export function generateFiles(design: Design): FileMap {
  const b = new FileMapBuilder();
  addDeployFiles(b, design);
  return b.build();
}

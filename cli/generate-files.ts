/**
 * The files `archsim generate` writes for a design. Bundled into engine.mjs with the model (see
 * engine.ts), so the command's chunk holds no second copy of zod, yaml or the model.
 */
import type { Design } from "../model";
import { generateRepo, type FileMap } from "../generators";

/** The repository of the Fastify target: services, gateway, config service, runtime and deploy files. */
export function generateFiles(design: Design): FileMap {
  return generateRepo(design);
}

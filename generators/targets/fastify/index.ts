/**
 * The fastify target: a TypeScript monorepo (npm workspaces) with a Fastify process per service,
 * gateway and config component, over the shared "@archsim/runtime" package.
 */
import type { Design } from "../../../model";
import type { FileMapBuilder } from "../../file-map";
import { getPorts } from "../../ports";
import { addConfigService } from "./config-service";
import { addGateway } from "./gateway";
import { addRoot } from "./root";
import { addRuntimePackage } from "./runtime";
import { addService } from "./service";

/** Adds the repository root, packages/runtime and services/<id> for every process of the design. */
export function addFastifyRepo(b: FileMapBuilder, design: Design): void {
  const ports = getPorts(design);
  addRoot(b, design);
  addRuntimePackage(b);
  for (const id of ports.keys()) {
    const c = design.components[id]!;
    if (c.kind === "service") addService(b, design, id, ports);
    else if (c.kind === "gateway") addGateway(b, design, id, ports);
    else if (c.kind === "config") addConfigService(b, design, id, ports);
  }
}

export { toFastifyPath } from "./package-files";
export { lit, toIdentifier, toEnvName } from "./code";

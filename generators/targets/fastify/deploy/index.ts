/**
 * The deploy files of a generated repository: docker-compose.yml and observability/, k8s/,
 * .env.example, README.md, load/ (a script per workload) and chaos/ (a script per scenario).
 */
import type { Design } from "../../../../model";
import type { FileMapBuilder } from "../../../file-map";
import { addChaosScripts } from "./chaos";
import { addCompose } from "./compose";
import { addKubernetes } from "./k8s";
import { addLoadScripts } from "./load";
import { addEnvExample, addReadme } from "./readme";
import { getTopology } from "./topology";

/**
 * Adds the deploy files of `design` to `b`; pure and deterministic.
 * @example addDeployFiles(builder, design) // docker-compose.yml, k8s/order.yaml, load/steady.ts, …
 */
export function addDeployFiles(b: FileMapBuilder, design: Design): void {
  const topology = getTopology(design);
  addCompose(b, design, topology);
  addKubernetes(b, design, topology);
  addEnvExample(b, design, topology);
  addReadme(b, design, topology);
  addLoadScripts(b, design, topology);
  addChaosScripts(b, design, topology);
}

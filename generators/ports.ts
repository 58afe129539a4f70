/**
 * The generated system's fixed ports (the run contract): the gateway listens on 8080, every other
 * process (each service, the config service) from 8081 up in sorted order of their ids. `PORT`
 * overrides one process's port at run time.
 */
import type { Design } from "../model";

export const GATEWAY_PORT = 8080;
export const FIRST_SERVICE_PORT = 8081;

/** The processes the generated repository runs, by component id: gateways, services and config. */
export function getProcessIds(design: Design): string[] {
  return Object.entries(design.components)
    .filter(([, c]) => c.kind === "service" || c.kind === "gateway" || c.kind === "config")
    .map(([id]) => id)
    .sort();
}

/**
 * Each process's port: 8080 for the (first, by id) gateway, then 8081, 8082, … for the others in
 * sorted order of ids (a second gateway takes the next free one like any other process).
 * @example getPorts(ecommerce) // Map { "gateway" => 8080, "config" => 8081, "inventory" => 8082, … }
 */
export function getPorts(design: Design): ReadonlyMap<string, number> {
  const ids = getProcessIds(design);
  const gateway = ids.find((id) => design.components[id]!.kind === "gateway");
  const ports = new Map<string, number>();
  if (gateway !== undefined) ports.set(gateway, GATEWAY_PORT);
  let next = FIRST_SERVICE_PORT;
  for (const id of ids) if (id !== gateway) ports.set(id, next++);
  return new Map([...ports].sort(([a], [b]) => (a < b ? -1 : 1)));
}

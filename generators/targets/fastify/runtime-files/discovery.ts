/** packages/runtime/src/discovery.ts of the generated repository (see ../runtime-sources.ts). */
export const DISCOVERY_SOURCE = `import type { Settings } from "./config.js";

/**
 * Static discovery: a peer's base URL is <ID>_URL (id upper-cased, '-' as '_') when set, else
 * http://127.0.0.1:<its fixed port>. Kubernetes DNS and Consul discovery are not generated yet.
 */
export function getPeerUrl(settings: Settings, peerId: string, defaultPort: number): string {
  const key = peerId.toUpperCase().replace(/[-.]/g, "_") + "_URL";
  return settings[key] ?? "http://127.0.0.1:" + defaultPort;
}
`;

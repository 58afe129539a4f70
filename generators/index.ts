/**
 * archsim's code generators: a design in, a file map out (file-map.ts), never the file system.
 * Pure TypeScript over model/ only, so the CLI, the server and the browser share them.
 */
export { FileMapBuilder, type FileMap, type FileOwner, type GeneratedFile } from "./file-map";
export { toSafePath, PATH_LIMITS } from "./paths";
export { getPorts, getProcessIds, GATEWAY_PORT, FIRST_SERVICE_PORT } from "./ports";
export { generateRepo, type GenerateOptions, type GenerateTarget } from "./generate";

/** Writing generated repositories: plan, apply, manifest and an optional initial git commit. */
export {
  applyWritePlan,
  countActions,
  planWrite,
  WRITE_ACTIONS,
  WriteRefusal,
  type PlannedFile,
  type WriteAction,
  type WriteOptions,
  type WritePlan,
} from "./write";
export { GENERATOR_VERSION, MANIFEST_PATH, getSha256, parseManifest, printManifest, type Manifest } from "./manifest";
export { GIT_AUTHOR, initGitRepo, type GitInitResult } from "./git";
export { unzipToText, zipFileMap } from "./zip";

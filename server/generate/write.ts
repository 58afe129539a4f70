/**
 * Writes a generator's file map into a folder, as a plan first: each file is created, updated
 * (archsim-owned and changed), unchanged, kept (the user's, already there: never overwritten) or
 * removed (archsim-owned in the last generation, no longer generated). The plan is what
 * `--dry-run` prints; applying it writes exactly that and the new `.archsim/manifest.json`.
 *
 * Nothing leaves the folder: every path is checked again here (the file map is input), resolved
 * under the folder's real path, and no write or removal goes through a symbolic link inside it.
 */
import {
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  unlinkSync,
  writeSync,
  constants,
} from "node:fs";
import { join, resolve, sep } from "node:path";
import type { FileMap, FileOwner } from "../../generators/file-map";
import { toSafePath } from "../../generators/paths";
import { GENERATOR_VERSION, getSha256, MANIFEST_PATH, parseManifest, printManifest, type Manifest } from "./manifest";

export type WriteAction = "create" | "update" | "unchanged" | "keep" | "remove";
export const WRITE_ACTIONS: readonly WriteAction[] = ["create", "update", "unchanged", "keep", "remove"];

export interface PlannedFile {
  readonly path: string;
  readonly action: WriteAction;
  readonly owner: FileOwner;
  /** Why, when the action alone does not say it (a hand edit overwritten, a stale file left). */
  readonly note?: string;
}

export interface WritePlan {
  /** The folder as given, resolved to an absolute path. */
  readonly outDir: string;
  /** The folder had a manifest of a previous generation. */
  readonly previous: Manifest | null;
  /** Sorted by path. */
  readonly files: readonly PlannedFile[];
  /** The manifest applying the plan writes. */
  readonly manifest: Manifest;
}

export interface WriteOptions {
  /** The design's name, recorded in the manifest. */
  readonly designName: string;
  /** Write into a non-empty folder that is not archsim output (or whose manifest is unreadable). */
  readonly force?: boolean;
  readonly generatorVersion?: string;
}

/** A write archsim refuses to make: a foreign folder, a link, a path outside. The message says what to do. */
export class WriteRefusal extends Error {}

type OnDisk = { state: "absent" } | { state: "file"; bytes: Buffer };

/** Looks at `path` under `root` without following links; refuses links, folders and odd files on the way. */
function inspect(root: string, path: string): OnDisk {
  const safe = toSafePath(path);
  const target = resolve(root, safe);
  if (!target.startsWith(root + sep)) throw new WriteRefusal(`${path}: resolves outside ${root}`);
  const parts = safe.split("/");
  for (let i = 1; i <= parts.length; i++) {
    const at = join(root, ...parts.slice(0, i));
    let st;
    try {
      st = lstatSync(at);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return { state: "absent" };
      throw e;
    }
    const shown = parts.slice(0, i).join("/");
    if (st.isSymbolicLink())
      throw new WriteRefusal(
        `${shown} is a symbolic link in the output folder; archsim does not write through links (remove it or choose another folder)`,
      );
    if (i < parts.length && !st.isDirectory())
      throw new WriteRefusal(`${shown} is a file where archsim needs a folder (for ${safe})`);
    if (i === parts.length && !st.isFile()) throw new WriteRefusal(`${safe} exists and is not a regular file`);
  }
  return { state: "file", bytes: readFileSync(target) };
}

function realDir(outDir: string): { root: string; exists: boolean; empty: boolean } {
  const abs = resolve(outDir);
  let st;
  try {
    st = lstatSync(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { root: abs, exists: false, empty: true };
    throw e;
  }
  // The folder itself may be a link the user chose; what is inside it may not be.
  const root = st.isSymbolicLink() ? realpathSync(abs) : abs;
  if (!lstatSync(root).isDirectory()) throw new WriteRefusal(`${outDir} exists and is not a folder`);
  // A folder holding only a fresh `git init` counts as empty: generating into it is the point.
  return { root, exists: true, empty: readdirSync(root).every((name) => name === ".git") };
}

/**
 * What writing `files` into `outDir` would do, without writing anything.
 * Throws WriteRefusal for a non-empty folder that is not archsim output (unless `force`), a
 * symbolic link or a non-folder in the way, or a path that would leave the folder.
 * @example planWrite(generateRepo(design), "shop", { designName: "shop" }).files
 */
export function planWrite(files: FileMap, outDir: string, options: WriteOptions): WritePlan {
  const { root, exists, empty } = realDir(outDir);
  let previous: Manifest | null = null;
  if (exists && !empty) {
    const found = inspect(root, MANIFEST_PATH);
    if (found.state === "file") {
      const parsed = parseManifest(found.bytes.toString("utf8"));
      if (parsed.ok) previous = parsed.manifest;
      else if (!options.force)
        throw new WriteRefusal(
          `${outDir} has a ${MANIFEST_PATH} that archsim cannot read (${parsed.why}); pass --force to write into it anyway`,
        );
    } else if (!options.force)
      throw new WriteRefusal(
        `${outDir} is not empty and is not a previous archsim output (it has no ${MANIFEST_PATH}); choose a new or empty folder, or pass --force to write into it (archsim's files are overwritten, your other files are left alone)`,
      );
  }
  const before = new Map((previous?.files ?? []).map((f) => [f.path, f.sha256]));
  const planned: PlannedFile[] = [];
  for (const [path, file] of files) {
    if (path === MANIFEST_PATH || path.startsWith(".archsim/") || path === ".git" || path.startsWith(".git/"))
      throw new WriteRefusal(`${path}: a generator may not write archsim's or git's own files`);
    const disk = exists ? inspect(root, path) : ({ state: "absent" } as const);
    if (disk.state === "absent") {
      planned.push({ path, action: "create", owner: file.owner });
      continue;
    }
    if (file.owner === "user") {
      planned.push({ path, action: "keep", owner: "user" });
      continue;
    }
    if (disk.bytes.equals(Buffer.from(file.content, "utf8"))) {
      planned.push({ path, action: "unchanged", owner: "archsim" });
      continue;
    }
    const recorded = before.get(path);
    const note =
      recorded === undefined
        ? previous
          ? "a file of yours by that name is replaced"
          : "an existing file is replaced (--force)"
        : recorded !== getSha256(disk.bytes)
          ? "edited by hand since the last generation; the edit is overwritten"
          : undefined;
    planned.push({ path, action: "update", owner: "archsim", ...(note ? { note } : {}) });
  }
  for (const [path, sha] of before) {
    if (files.has(path) || path === MANIFEST_PATH) continue;
    const disk = inspect(root, path);
    if (disk.state === "absent") continue;
    planned.push(
      getSha256(disk.bytes) === sha
        ? { path, action: "remove", owner: "archsim", note: "no longer generated" }
        : { path, action: "keep", owner: "archsim", note: "no longer generated, but edited by hand: left in place" },
    );
  }
  planned.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const manifest: Manifest = {
    generator: "archsim",
    generatorVersion: options.generatorVersion ?? GENERATOR_VERSION,
    design: options.designName,
    files: [...files.values()]
      .filter((f) => f.owner === "archsim")
      .map((f) => ({ path: f.path, sha256: getSha256(f.content) })),
  };
  return { outDir: root, previous, files: planned, manifest };
}

/** The number of files per action. */
export function countActions(plan: WritePlan): Record<WriteAction, number> {
  const counts = { create: 0, update: 0, unchanged: 0, keep: 0, remove: 0 };
  for (const f of plan.files) counts[f.action]++;
  return counts;
}

/** Creates the folders of `path` under `root` one by one, refusing a link or a file in the way. */
function ensureParents(root: string, path: string): void {
  const parts = path.split("/").slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const at = join(root, ...parts.slice(0, i));
    try {
      const st = lstatSync(at);
      if (st.isSymbolicLink() || !st.isDirectory())
        throw new WriteRefusal(
          `${parts.slice(0, i).join("/")} is not a plain folder; archsim does not write through it`,
        );
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      mkdirSync(at);
    }
  }
}

/** Writes beside, then renames: a rename replaces a link at the target instead of following it. */
function writeFileInside(root: string, path: string, content: string): void {
  ensureParents(root, path);
  const target = join(root, path);
  const tmp = `${target}.archsim-${process.pid}.tmp`;
  const fd = openSync(
    tmp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
    0o644,
  );
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, target);
}

/** Removes a stale file and the folders it leaves empty, up to the output folder. */
function removeInside(root: string, path: string): void {
  if (inspect(root, path).state === "absent") return;
  unlinkSync(join(root, path));
  const parts = path.split("/").slice(0, -1);
  for (let i = parts.length; i >= 1; i--) {
    const dir = join(root, ...parts.slice(0, i));
    if (readdirSync(dir).length > 0) break;
    rmdirSync(dir);
  }
}

/** Writes what `plan` says, then the manifest. `files` must be the map the plan was made from. */
export function applyWritePlan(plan: WritePlan, files: FileMap): void {
  mkdirSync(plan.outDir, { recursive: true });
  const root = realpathSync(plan.outDir);
  for (const f of plan.files) {
    if (f.action === "create" || f.action === "update") writeFileInside(root, f.path, files.get(f.path)!.content);
    else if (f.action === "remove") removeInside(root, f.path);
  }
  writeFileInside(root, MANIFEST_PATH, printManifest(plan.manifest));
}

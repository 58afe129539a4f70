/**
 * `.archsim/manifest.json`: what the last generation wrote into a folder. It marks the folder as
 * archsim output (so a re-generation may write there without --force) and lists the archsim-owned
 * files with their sha256, so the next generation knows which stale ones to remove and whether
 * one was edited by hand since.
 */
import { createHash } from "node:crypto";
import { toSafePath } from "../../generators/paths";

export const MANIFEST_PATH = ".archsim/manifest.json";
/** Version of the generated layout; bump it when the output of the generators changes shape. */
export const GENERATOR_VERSION = "0.1.0";
/** Most files a manifest may list, and bytes it may have: far above what a generator writes. */
export const MANIFEST_LIMITS = { files: 20_000, bytes: 8 * 1024 * 1024 } as const;

export interface ManifestFile {
  readonly path: string;
  readonly sha256: string;
}

export interface Manifest {
  readonly generator: "archsim";
  readonly generatorVersion: string;
  readonly design: string;
  readonly files: readonly ManifestFile[];
}

/** The hex sha256 of a file's text, as the manifest records it. */
export function getSha256(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

/** The manifest's text: stable key order, files sorted by path, a trailing newline. */
export function printManifest(manifest: Manifest): string {
  const files = [...manifest.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return `${JSON.stringify(
    {
      generator: manifest.generator,
      generatorVersion: manifest.generatorVersion,
      design: manifest.design,
      files: files.map((f) => ({ path: f.path, sha256: f.sha256 })),
    },
    null,
    2,
  )}\n`;
}

/**
 * A manifest read back from disk, or why it is not one. Its paths are checked like a generator's:
 * a manifest is input from the folder, and a forged one must not make the writer delete a file
 * outside it.
 */
export function parseManifest(text: string): { ok: true; manifest: Manifest } | { ok: false; why: string } {
  if (text.length > MANIFEST_LIMITS.bytes)
    return { ok: false, why: `it is larger than ${MANIFEST_LIMITS.bytes} bytes` };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, why: "it is not JSON" };
  }
  const m = raw as Record<string, unknown> | null;
  if (!m || typeof m !== "object" || m.generator !== "archsim" || !Array.isArray(m.files))
    return { ok: false, why: 'it has no "generator": "archsim" and "files" list' };
  if (m.files.length > MANIFEST_LIMITS.files)
    return { ok: false, why: `it lists more than ${MANIFEST_LIMITS.files} files` };
  const files: ManifestFile[] = [];
  for (const f of m.files as unknown[]) {
    const entry = f as Record<string, unknown> | null;
    if (
      !entry ||
      typeof entry.path !== "string" ||
      typeof entry.sha256 !== "string" ||
      !/^[0-9a-f]{64}$/.test(entry.sha256)
    )
      return { ok: false, why: "a file entry is not { path, sha256 }" };
    try {
      files.push({ path: toSafePath(entry.path), sha256: entry.sha256 });
    } catch (e) {
      return { ok: false, why: (e as Error).message };
    }
  }
  return {
    ok: true,
    manifest: {
      generator: "archsim",
      generatorVersion: typeof m.generatorVersion === "string" ? m.generatorVersion : "unknown",
      design: typeof m.design === "string" ? m.design : "",
      files,
    },
  };
}

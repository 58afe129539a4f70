/**
 * `--git`: makes the output folder a git repository with one initial commit. The author and
 * committer are set explicitly, so it works on a machine with no git identity configured.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const GIT_AUTHOR = { name: "archsim", email: "archsim@localhost" } as const;

export type GitInitResult = { ok: true; commit: string } | { ok: false; why: string };

export interface GitInitOptions {
  readonly message: string;
  /** The environment git runs in (tests pass one with no identity); the process's by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Runs `git init`, `git add -A` and one commit in `dir`; a folder that is already a repository is left alone. */
export function initGitRepo(dir: string, options: GitInitOptions): GitInitResult {
  if (existsSync(join(dir, ".git"))) return { ok: false, why: "it is already a git repository; nothing was committed" };
  // NODE_ENV: Next's types make it a required key of ProcessEnv.
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: process.env.NODE_ENV,
    ...(options.env ?? process.env),
    GIT_AUTHOR_NAME: GIT_AUTHOR.name,
    GIT_AUTHOR_EMAIL: GIT_AUTHOR.email,
    GIT_COMMITTER_NAME: GIT_AUTHOR.name,
    GIT_COMMITTER_EMAIL: GIT_AUTHOR.email,
  };
  const git = (args: string[]) =>
    spawnSync("git", ["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", ...args], {
      cwd: dir,
      env,
      encoding: "utf8",
    });
  for (const args of [
    ["init", "-q"],
    ["add", "-A"],
    ["commit", "-q", "--no-verify", "-m", options.message],
  ]) {
    const r = git(args);
    if (r.error)
      return {
        ok: false,
        why:
          (r.error as NodeJS.ErrnoException).code === "ENOENT"
            ? "git is not installed (or not on PATH)"
            : r.error.message,
      };
    if (r.status !== 0) return { ok: false, why: `git ${args[0]} failed: ${(r.stderr || r.stdout).trim()}` };
  }
  const head = git(["rev-parse", "HEAD"]);
  return head.status === 0 ? { ok: true, commit: head.stdout.trim() } : { ok: false, why: head.stderr.trim() };
}

/** Types of scripts/preflight.mjs for its test. */
export const SYSTEM_CHROMIUM: string;
export const APT_INSTALL: string[];
export interface ChromiumFacts {
  envPath: string | undefined;
  isExecutable(file: string): boolean;
  isRoot: boolean;
  hasAptGet: boolean;
  getPlaywrightChromium(): string | undefined;
}
export type ChromiumDecision =
  | { action: "use"; path: string; source: string }
  | { action: "install"; commands: string[][] }
  | { action: "stop"; message: string };
export function decideChromium(facts: ChromiumFacts): ChromiumDecision;

/** packages/runtime/src/config.ts of the generated repository (see ../runtime-sources.ts). */
export const CONFIG_SOURCE = `import type { Logger } from "pino";

/** Settings of one process: what the config service answers, over the environment as fallback. */
export type Settings = Readonly<Record<string, string>>;

/** How long a config fetch may take before the environment is used instead. */
export const CONFIG_FETCH_TIMEOUT_MS = 2000;

/**
 * Loads settings for a component from the config service at CONFIG_URL (GET /config/<id>), falling
 * back to the environment alone when CONFIG_URL is unset or the config service does not answer.
 * Environment variables always win over fetched values, so one process can be overridden by hand.
 */
export async function loadSettings(component: string, log: Logger): Promise<Settings> {
  const env: Record<string, string> = {};
  // An empty value (KEY= in .env) means unset, so the default applies.
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && v !== "") env[k] = v;
  const url = process.env.CONFIG_URL;
  if (!url) return env;
  try {
    const res = await fetch(new URL("/config/" + encodeURIComponent(component), url), {
      signal: AbortSignal.timeout(CONFIG_FETCH_TIMEOUT_MS),
    });
    if (!res.ok) throw new Error("config service answered " + res.status);
    const fetched = (await res.json()) as Record<string, unknown>;
    const merged: Record<string, string> = {};
    for (const [k, v] of Object.entries(fetched)) if (typeof v === "string" && v !== "") merged[k] = v;
    return { ...merged, ...env };
  } catch (err) {
    log.warn({ err: String(err) }, "config service unavailable; using the environment");
    return env;
  }
}
`;

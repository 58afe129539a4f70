/**
 * The SLOs tab's edits, apart from React: what the user typed for a route's p99 target and
 * error budget, as one undoable design command (the YAML and the canvas follow), or the reason
 * it cannot be written. The budget is typed as a percentage and written as the format writes a
 * share: a probability (0.1 → `errorBudget: 0.001`).
 */
import { formatDuration, parseDuration, type Design, type DesignChange, type Slo } from "../../model";
import type { SloRoute } from "../../simulator/slo";

export type SloEdit = { change: DesignChange | null } | { error: string };

/**
 * The run the SLOs tab judges, for its rows and its badge alike: the last run, only when it ran
 * the scenario chosen in the panel (another scenario's run says nothing about this one's SLOs).
 */
export function getJudgedRun<R extends { scenario: string }>(result: R | null, scenario: string | undefined): R | null {
  return result && scenario !== undefined && result.scenario === scenario ? result : null;
}

/** A p99 target as the field shows it: `300ms`, `1.5s`; empty without one. */
export function formatP99Input(slo: Slo | undefined): string {
  return slo?.p99 === undefined ? "" : formatDuration(slo.p99);
}

/** An error budget as the field shows it, in percent: `0.1`; empty without one. */
export function formatBudgetInput(slo: Slo | undefined): string {
  return slo?.errorBudget === undefined ? "" : String(Number((slo.errorBudget * 100).toPrecision(12)));
}

/**
 * The command that gives `route` the typed SLO: set it, remove it when both fields are empty
 * (with the gateway's `slos` when it was the last), or null when nothing changes.
 * @example getSloEdit(design, route, "300ms", "0.1") // { change: { type: "set", path: [...], value: { p99: "300ms", errorBudget: 0.001 } } }
 */
export function getSloEdit(design: Design, route: SloRoute, p99Text: string, budgetText: string): SloEdit {
  let p99: number | undefined;
  if (p99Text.trim() !== "") {
    // A bare number is milliseconds, as in the format (where it is a YAML number).
    const typed = p99Text.trim();
    const r = parseDuration(/^\d*\.?\d+$/.test(typed) ? Number(typed) : typed);
    if (!r.ok) return { error: `p99 target of ${route.route}: ${r.message}` };
    if (!(r.ms > 0)) return { error: `p99 target of ${route.route}: must be greater than 0` };
    p99 = r.ms;
  }
  let errorBudget: number | undefined;
  const budget = budgetText.trim().replace(/%$/, "").trim();
  if (budget !== "") {
    const pct = Number(budget);
    if (!Number.isFinite(pct) || pct < 0 || pct > 100)
      return { error: `error budget of ${route.route}: a percentage from 0 to 100, got "${budgetText.trim()}"` };
    errorBudget = Number((pct / 100).toPrecision(12));
  }
  const before = route.slo;
  if (p99 === undefined && errorBudget === undefined) {
    if (!before) return { change: null };
    return { change: { type: "delete", path: removalPath(design, route), label: `Remove the SLO of ${route.route}` } };
  }
  if (before && before.p99 === p99 && before.errorBudget === errorBudget) return { change: null };
  const value: Record<string, unknown> = {};
  if (p99 !== undefined) value.p99 = formatDuration(p99);
  if (errorBudget !== undefined) value.errorBudget = errorBudget;
  return { change: { type: "set", path: route.path, value, label: `Set the SLO of ${route.route}` } };
}

/** The route's entry, or the gateway's whole `slos` when it holds nothing else. */
function removalPath(design: Design, route: SloRoute): SloRoute["path"] {
  const [top, gateway] = route.path;
  if (top !== "components" || typeof gateway !== "string") return route.path;
  const c = Object.hasOwn(design.components, gateway) ? design.components[gateway] : undefined;
  const others = c?.kind === "gateway" && c.slos ? Object.keys(c.slos).filter((k) => k !== route.route) : [];
  return others.length === 0 ? route.path.slice(0, 3) : route.path;
}

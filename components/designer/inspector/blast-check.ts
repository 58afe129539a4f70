/**
 * The blast radius checked against the last run (inspector, "If it goes down"): the prediction
 * is made from the design the run ran (its text is kept in the last run), not from the live one,
 * and when the design has changed since (apart from canvas positions) there is nothing to judge:
 * the run of another design neither confirms nor refutes this one's prediction.
 */
import { blastRadius, parseDesign, type Design } from "../../../model";
import { confirmBlastRadius, getCrashWindows, type BlastObservation } from "../../../simulator/blast-confirm";
import type { LastRun } from "../../store/last-run";

export type BlastRunCheck =
  /** The design changed since the run (or the run's design had no such component): run again. */
  | { kind: "changed"; which: string }
  /** The run did not take the component down. */
  | { kind: "notDown"; which: string }
  /** Each route's prediction against what the run observed while the component was down. */
  | { kind: "checked"; which: string; heading: string; rows: BlastObservation[]; mismatches: number };

/** The last run's check of `id`'s blast radius, seen from the open design `current`. */
export function checkBlastAgainstRun(current: Design, id: string, run: LastRun): BlastRunCheck {
  const which = `${run.scenario}, seed ${run.seed}`;
  const ran = parseDesign(run.designText).design;
  if (!ran || !ran.components[id] || !sameDesign(ran, current)) return { kind: "changed", which };
  const rows = confirmBlastRadius(blastRadius(ran, id), getCrashWindows(id, run.spans), run.result.timeseries ?? []);
  if (rows.length === 0) return { kind: "notDown", which };
  const confirmed = rows.filter((r) => r.check === "confirmed").length;
  const mismatches = rows.filter((r) => r.check === "mismatch").length;
  const heading =
    confirmed === rows.length
      ? `Confirmed in the last run (${which})`
      : `Checked against the last run (${which}): ${confirmed} of ${rows.length} confirmed`;
  return { kind: "checked", which, heading, rows, mismatches };
}

/** The same design for the simulator: everything but the canvas positions (`layout`) is equal. */
export function sameDesign(a: Design, b: Design): boolean {
  return JSON.stringify({ ...a, layout: {} }) === JSON.stringify({ ...b, layout: {} });
}

/**
 * The scenario editor's arithmetic, apart from React: which components a fault of each kind
 * may hit (docs/design-format.md §9), a written fault as a bar over the scenario's duration,
 * and where a dragged bar lands.
 */
import { parseDuration, type FaultKind } from "../../model";
import type { DesignRefs, Written } from "../designer/inspector/view-model";
import { formatSecondsShort as s } from "./run-timeline-model";

/** The components a fault of `kind` may target: crash any but a client, latency a service or database, errors and slowdown a service, partition any. */
export function getFaultTargets(kind: FaultKind, refs: DesignRefs): string[] {
  switch (kind) {
    case "crash":
      return refs.components.filter((c) => !refs.clients.includes(c));
    case "latency":
      return refs.components.filter((c) => refs.services.includes(c) || refs.databases.includes(c));
    case "errors":
    case "slowdown":
      return [...refs.services];
    case "partition":
      return [...refs.components];
  }
}

/** A fault as the editor's timeline draws it; a missing or invalid `at` gives no bar. */
export interface FaultBar {
  atMs: number | null;
  /** Its `for`; null: until the end. */
  forMs: number | null;
  /** `crash payment`, `partition order ↔ inventory`. */
  label: string;
  /** `60 s to 150 s`, `from 60 s to the end`. */
  span: string;
}

export function getFaultBar(fault: Written, durationMs: number): FaultBar {
  const at = parseDuration(fault.at);
  const forD = fault.for === undefined ? null : parseDuration(fault.for);
  const atMs = at.ok ? at.ms : null;
  const forMs = forD && forD.ok && forD.ms > 0 ? forD.ms : null;
  const who = Array.isArray(fault.between)
    ? fault.between.map(String).join(" ↔ ")
    : typeof fault.target === "string"
      ? fault.target
      : "";
  const label = [typeof fault.kind === "string" ? fault.kind : "fault", who].filter(Boolean).join(" ");
  const span =
    atMs === null
      ? "no valid start"
      : forMs === null
        ? `from ${s(atMs)} to the end`
        : `${s(atMs)} to ${s(Math.min(durationMs, atMs + forMs))}`;
  return { atMs, forMs, label, span };
}

/** A bar moved by `deltaMs`: whole seconds, from 0 to the last second of the run. */
export function moveFaultAt(atMs: number, deltaMs: number, durationMs: number): number {
  const last = Math.max(0, Math.ceil(durationMs / 1000) - 1);
  return Math.min(last, Math.max(0, Math.round((atMs + deltaMs) / 1000))) * 1000;
}

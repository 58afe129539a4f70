"use client";
/**
 * The run panel's SLOs tab: per route of the scenario's workload, its p99 target and error
 * budget, editable (each change is one undoable design command, so the YAML and undo follow),
 * and after a run what the run observed against them: p99, error rate, budget used and the
 * verdict, in words and with an icon, never by colour alone (simulator/slo.ts judges).
 */
import "./slo-panel.css";
import { useMemo, useState, type KeyboardEvent } from "react";
import type { Design } from "../../model";
import type { SimulationResult } from "../../simulator";
import {
  evaluateSlos,
  formatSloMs,
  formatSloPercent,
  getSloRoutes,
  type RouteSloReport,
  type SloRoute,
  type SloVerdict,
} from "../../simulator/slo";
import type { DesignDocumentStore } from "../store/design-document";
import { formatBudgetInput, formatP99Input, getJudgedRun, getSloEdit } from "./slo-edit";

const VERDICT: Readonly<Record<SloVerdict, { mark: string; text: string }>> = {
  pass: { mark: "✓", text: "Pass" },
  fail: { mark: "✕", text: "Fail" },
  noData: { mark: "–", text: "No data" },
};

/** The verdicts of a result against the design's SLOs, for the tab's badge and its rows. */
export function useSloReports(design: Design | null, result: SimulationResult | null): RouteSloReport[] {
  return useMemo(() => (design && result ? evaluateSlos(design, result) : []), [design, result]);
}

/**
 * The tab's badge: `1 fail`, or `2 pass` when all pass; nothing before a run, without SLOs, or
 * when the last run was of another scenario than the chosen one (give it `getJudgedRun`'s reports).
 */
export function getSloBadge(reports: readonly RouteSloReport[]): string | undefined {
  const fails = reports.filter((r) => r.verdict === "fail").length;
  if (fails > 0) return `${fails} fail`;
  const passes = reports.filter((r) => r.verdict === "pass").length;
  return passes > 0 ? `${passes} pass` : undefined;
}

export function SloPanel({
  doc,
  design,
  scenario,
  result,
}: {
  doc: DesignDocumentStore;
  design: Design | null;
  /** The scenario whose workload's routes are listed (the one chosen in the panel). */
  scenario: string | undefined;
  result: SimulationResult | null;
}) {
  const routes = useMemo(() => (design && scenario ? getSloRoutes(design, scenario) : []), [design, scenario]);
  const shown = getJudgedRun(result, scenario);
  const reports = useSloReports(design, shown);
  const [problem, setProblem] = useState<string | null>(null);

  if (!design || !scenario) return <p className="as-run-empty">Choose a scenario to set its routes’ SLOs.</p>;
  if (routes.length === 0) return <p className="as-run-empty">The scenario’s workload has no routes.</p>;

  const commit = (route: SloRoute, p99: string, budget: string) => {
    const edit = getSloEdit(design, route, p99, budget);
    if ("error" in edit) return setProblem(edit.error);
    setProblem(null);
    if (edit.change) doc.getState().apply(edit.change);
  };
  const byRoute = new Map(reports.map((r) => [r.route, r]));
  const failing = reports.filter((r) => r.verdict !== "pass");

  return (
    <div className="as-slo" data-testid="slo-panel">
      <table className="as-slo-table">
        <caption>
          SLOs of {scenario}’s routes
          {shown ? "" : result ? ` (the last run was of ${result.scenario})` : " (run the scenario to judge them)"}
        </caption>
        <thead>
          <tr>
            <th scope="col">Route</th>
            <th scope="col">p99 target</th>
            <th scope="col">Error budget (%)</th>
            <th scope="col">p99</th>
            <th scope="col">Errors</th>
            <th scope="col">Budget used</th>
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {routes.map((route) => (
            <SloRow
              key={route.route}
              route={route}
              report={byRoute.get(route.route)}
              judged={!!shown}
              commit={commit}
            />
          ))}
        </tbody>
      </table>
      {problem ? (
        <p className="as-slo-problem" role="alert">
          {problem}
        </p>
      ) : null}
      {failing.length > 0 ? (
        <ul className="as-slo-reasons" aria-label="Why">
          {failing.map((r) => (
            <li key={r.route} data-testid={`slo-reason-${r.route}`}>
              <code>{r.route}</code>: {r.reason}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="as-slo-note">
        p99 of the succeeded requests; errors are the failed and rejected ones and those still unanswered at the end,
        after the warm-up; a run stopped early has no verdicts. The targets are written to the design’s{" "}
        <code>slos</code>.
      </p>
    </div>
  );
}

function SloRow({
  route,
  report,
  judged,
  commit,
}: {
  route: SloRoute;
  report: RouteSloReport | undefined;
  judged: boolean;
  commit: (route: SloRoute, p99: string, budget: string) => void;
}) {
  // The fields hold what the user types; they start again from the design whenever it changes
  // (an undo, an edit in the YAML).
  const written = `${formatP99Input(route.slo)}|${formatBudgetInput(route.slo)}`;
  const [draft, setDraft] = useState({ written, p99: formatP99Input(route.slo), budget: formatBudgetInput(route.slo) });
  const current =
    draft.written === written
      ? draft
      : { written, p99: formatP99Input(route.slo), budget: formatBudgetInput(route.slo) };
  if (current !== draft) setDraft(current);
  const save = () => commit(route, current.p99, current.budget);
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") save();
  };
  const verdict = report ? VERDICT[report.verdict] : null;
  return (
    <tr data-testid={`slo-route-${route.route}`} data-verdict={report?.verdict ?? (route.slo ? "" : "none")}>
      <th scope="row">
        <code>{route.route}</code>
      </th>
      <td>
        <input
          aria-label={`p99 target of ${route.route}`}
          placeholder="e.g. 300ms"
          size={8}
          value={current.p99}
          onChange={(e) => setDraft({ ...current, p99: e.target.value })}
          onBlur={save}
          onKeyDown={onKeyDown}
        />
      </td>
      <td>
        <input
          aria-label={`Error budget of ${route.route} (%)`}
          placeholder="e.g. 0.1"
          inputMode="decimal"
          size={6}
          value={current.budget}
          onChange={(e) => setDraft({ ...current, budget: e.target.value })}
          onBlur={save}
          onKeyDown={onKeyDown}
        />
      </td>
      <td data-testid="observed-p99" data-value={report?.p99 ?? ""}>
        {report?.p99 != null ? formatSloMs(report.p99) : "–"}
      </td>
      <td data-testid="error-rate" data-value={report?.errorRate ?? ""}>
        {report?.errorRate != null ? formatSloPercent(report.errorRate) : "–"}
      </td>
      <td data-testid="budget-used" data-value={report?.budgetConsumed ?? ""}>
        {report?.budgetConsumed != null ? formatSloPercent(report.budgetConsumed) : "–"}
      </td>
      <td data-testid="verdict" className={verdict ? `as-slo-verdict as-slo-verdict--${report!.verdict}` : undefined}>
        {verdict ? (
          <>
            <span aria-hidden="true" className="as-slo-mark">
              {verdict.mark}
            </span>{" "}
            {verdict.text}
          </>
        ) : route.slo ? (
          judged ? (
            "–"
          ) : (
            <span className="as-slo-muted">not run</span>
          )
        ) : (
          <span className="as-slo-muted">no SLO</span>
        )}
      </td>
    </tr>
  );
}

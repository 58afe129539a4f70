"use client";
/**
 * The run panel's Compare view: two kept runs of the open design side by side (say, with and
 * without a circuit breaker). Per route, topic, component and failure cause the figure of run
 * A, of run B and the change, marked better or worse in words and symbols; both runs over time
 * on one axis; and what changed between them: the design's lines, the scenario, seed and
 * duration. The figures come from run-compare-data.ts; the runs from the run history store.
 */
import "./run-compare.css";
import { useMemo, useState, type ReactNode } from "react";
import { useStore } from "zustand";
import { RUN_HISTORY_LIMIT, type RunHistoryEntry, type RunHistoryStore } from "../store/run-history";
import { CompareCharts } from "./run-compare-charts";
import {
  compareInputs,
  compareRuns,
  getWarmupMs,
  diffDesigns,
  formatChange,
  formatValue,
  summarizeRoutes,
  toCompareSeries,
  type Judgement,
  type Measure,
} from "./run-compare-data";

export function RunCompare({ history }: { history: RunHistoryStore }) {
  const runs = useStore(history, (s) => s.runs);
  const [choiceA, setA] = useState<string | null>(null);
  const [choiceB, setB] = useState<string | null>(null);
  // Unless chosen: the previous run against the latest.
  const a = runs.find((r) => r.id === choiceA) ?? runs.at(-2);
  const b = runs.find((r) => r.id === choiceB) ?? runs.at(-1);

  if (runs.length < 2 || !a || !b)
    return (
      <div className="as-compare" data-testid="run-compare">
        <p className="as-run-empty" data-testid="compare-empty">
          {runs.length === 0
            ? "Run the design twice (say, with and without a circuit breaker) to compare the two runs here."
            : "Run the design once more (change it first, or pick another scenario or seed) to compare the two runs here."}
        </p>
        <KeptRuns history={history} runs={runs} />
      </div>
    );

  return (
    <div className="as-compare" data-testid="run-compare">
      <div className="as-compare-pick">
        <RunPicker name="Run A" runs={runs} value={a.id} onChange={setA} />
        <button
          type="button"
          onClick={() => {
            setA(b.id);
            setB(a.id);
          }}
        >
          Swap A and B
        </button>
        <RunPicker name="Run B" runs={runs} value={b.id} onChange={setB} />
      </div>
      {a.id === b.id ? (
        <p className="as-run-empty">Run A and Run B are the same run: pick two different runs.</p>
      ) : (
        <Comparison a={a} b={b} />
      )}
      <KeptRuns history={history} runs={runs} />
    </div>
  );
}

function RunPicker({
  name,
  runs,
  value,
  onChange,
}: {
  name: string;
  runs: readonly RunHistoryEntry[];
  value: string;
  onChange: (id: string) => void;
}) {
  return (
    <label>
      {name}
      <select aria-label={name} value={value} onChange={(e) => onChange(e.target.value)}>
        {runs.map((r) => (
          <option key={r.id} value={r.id}>
            {r.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function Comparison({ a, b }: { a: RunHistoryEntry; b: RunHistoryEntry }) {
  const figures = useMemo(() => compareRuns(a.result, b.result, { a: getWarmupMs(a), b: getWarmupMs(b) }), [a, b]);
  const inputs = useMemo(() => compareInputs(a, b), [a, b]);
  const heads = <RunHeads a={a} b={b} />;
  return (
    <>
      <p className="as-compare-summary" data-testid="compare-summary">
        {summarizeRoutes(figures.routes)}
      </p>
      {[...inputs.notes, ...(figures.countsNote ? [figures.countsNote] : [])].map((n) => (
        <p key={n} className="as-compare-note">
          {n}
        </p>
      ))}
      <div className="as-compare-scroll">
        <table className="as-compare-table" data-testid="compare-routes">
          <caption>Routes</caption>
          <thead>
            <tr>
              <th scope="col">Route</th>
              <th scope="col">Measure</th>
              {heads}
            </tr>
          </thead>
          {figures.routes.map((r) => (
            <tbody key={r.route} data-testid={`compare-route-${r.route}`} data-verdict={r.verdict}>
              {r.measures.map((m, i) => (
                <MeasureRow
                  key={m.key}
                  measure={m}
                  head={
                    i === 0 ? (
                      <GroupHead name={r.route} rows={r.measures.length}>
                        <span className="as-compare-verdict" data-verdict={r.verdict}>
                          {VERDICT_TEXT[r.verdict]}
                        </span>
                      </GroupHead>
                    ) : null
                  }
                />
              ))}
            </tbody>
          ))}
        </table>
      </div>
      <WhatChanged a={a} b={b} changes={inputs.changes} />
      <ChartsOverTime a={a} b={b} routes={figures.routes.map((r) => r.route)} />
      <div className="as-compare-grid">
        <FlatTable
          caption="Failures by cause"
          first="Cause"
          testId="compare-causes"
          heads={heads}
          measures={figures.causes}
        />
        <FlatTable
          caption="Topics: peak depth"
          first="Topic"
          testId="compare-topics"
          heads={heads}
          measures={figures.topics.map((t) => ({ ...t.measures[0]!, key: t.key, label: t.key }))}
        />
        <div className="as-compare-scroll">
          <table className="as-compare-table" data-testid="compare-components">
            <caption>Components</caption>
            <thead>
              <tr>
                <th scope="col">Component</th>
                <th scope="col">Measure</th>
                {heads}
              </tr>
            </thead>
            {figures.components.map((c) => (
              <tbody key={c.key} data-testid={`compare-component-${c.key}`}>
                {c.measures.map((m, i) => (
                  <MeasureRow
                    key={m.key}
                    measure={m}
                    head={i === 0 ? <GroupHead name={c.key} rows={c.measures.length} /> : null}
                  />
                ))}
              </tbody>
            ))}
          </table>
        </div>
      </div>
    </>
  );
}

const VERDICT_TEXT = { better: "✓ better", worse: "✕ worse", mixed: "± mixed", same: "= same" } as const;
const JUDGEMENT_TEXT: Record<Judgement, string> = { better: "✓ better", worse: "✕ worse", same: "= same", neutral: "" };

/** "A" and "B", with the runs' labels as their titles (the pickers above name them in full). */
function RunHeads({ a, b }: { a: RunHistoryEntry; b: RunHistoryEntry }) {
  return (
    <>
      <th scope="col" title={a.label}>
        A
      </th>
      <th scope="col" title={b.label}>
        B
      </th>
      <th scope="col">Change, A to B</th>
    </>
  );
}

function GroupHead({ name, rows, children }: { name: string; rows: number; children?: ReactNode }) {
  return (
    <th scope="rowgroup" rowSpan={rows} className="as-compare-group">
      {name}
      {children}
    </th>
  );
}

function MeasureRow({ measure: m, head }: { measure: Measure; head: ReactNode }) {
  return (
    <tr data-measure={m.key}>
      {head}
      <th scope="row" className="as-compare-measure">
        {m.label}
      </th>
      <td data-testid="a" data-value={m.a ?? ""}>
        {formatValue(m.unit, m.a)}
      </td>
      <td data-testid="b" data-value={m.b ?? ""}>
        {formatValue(m.unit, m.b)}
      </td>
      <td data-testid="change" data-judgement={m.judgement}>
        <span>{formatChange(m.unit, m.a, m.b)}</span>
        {/* "no change" says it already. */}
        {JUDGEMENT_TEXT[m.judgement] && m.a !== m.b ? (
          <span className="as-compare-judgement">{JUDGEMENT_TEXT[m.judgement]}</span>
        ) : null}
      </td>
    </tr>
  );
}

/** One measure a row, named by its first column (a cause, a topic). */
function FlatTable({
  caption,
  first,
  testId,
  heads,
  measures,
}: {
  caption: string;
  first: string;
  testId: string;
  heads: ReactNode;
  measures: readonly Measure[];
}) {
  return (
    <div className="as-compare-scroll">
      <table className="as-compare-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            {heads}
          </tr>
        </thead>
        <tbody>
          {measures.length === 0 ? (
            <tr>
              <td colSpan={4} className="as-compare-none">
                None in either run.
              </td>
            </tr>
          ) : (
            measures.map((m) => <MeasureRow key={m.key} measure={m} head={null} />)
          )}
        </tbody>
      </table>
    </div>
  );
}

function WhatChanged({
  a,
  b,
  changes,
}: {
  a: RunHistoryEntry;
  b: RunHistoryEntry;
  changes: ReturnType<typeof compareInputs>["changes"];
}) {
  const diff = useMemo(() => diffDesigns(a.designText, b.designText), [a.designText, b.designText]);
  return (
    <section className="as-compare-changes" aria-label="What changed" data-testid="compare-changes">
      <h3>What changed</h3>
      {changes.length > 0 ? (
        <ul className="as-compare-inputs">
          {changes.map((c) => (
            <li key={c.what}>
              {c.what}: {c.a} in A, {c.b} in B
            </li>
          ))}
        </ul>
      ) : (
        <p className="as-compare-hint">Same scenario, seed and duration.</p>
      )}
      {diff.removed + diff.added === 0 ? (
        <p className="as-compare-hint">The design is the same in both runs.</p>
      ) : (
        <>
          <p className="as-compare-hint">
            The design: {diff.removed} line{diff.removed === 1 ? "" : "s"} only in A (−), {diff.added} only in B (+).
          </p>
          <pre className="as-compare-diff" data-testid="compare-diff">
            {diff.lines.map((l, i) =>
              l === null ? (
                <div key={i} className="as-compare-gap">
                  ⋯
                </div>
              ) : (
                <div key={i} className={`as-compare-diff-${l.kind}`} data-kind={l.kind}>
                  <span className="as-compare-lineno">{l.aLine ?? ""}</span>
                  <span className="as-compare-lineno">{l.bLine ?? ""}</span>
                  {l.kind === "removed" ? "− " : l.kind === "added" ? "+ " : "  "}
                  {l.text}
                </div>
              ),
            )}
            {diff.hidden > 0 ? <div className="as-compare-gap">… and {diff.hidden} more changed lines</div> : null}
          </pre>
        </>
      )}
    </section>
  );
}

function ChartsOverTime({ a, b, routes }: { a: RunHistoryEntry; b: RunHistoryEntry; routes: readonly string[] }) {
  const [choice, setChoice] = useState("");
  const route = routes.includes(choice) ? choice : null;
  const series = useMemo(
    () => toCompareSeries(a.result.timeseries ?? [], b.result.timeseries ?? [], route),
    [a.result, b.result, route],
  );
  return (
    <section className="as-compare-over-time" aria-label="Over time">
      <div className="as-compare-over-time-head">
        <h3>Over time</h3>
        <label>
          Charts for
          <select aria-label="Compare charts for" value={route ?? ""} onChange={(e) => setChoice(e.target.value)}>
            <option value="">the whole system</option>
            {routes.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <span className="as-compare-hint">A dashed, B solid; warm-up included.</span>
      </div>
      <CompareCharts series={series} title={route ?? "whole system"} />
    </section>
  );
}

function KeptRuns({ history, runs }: { history: RunHistoryStore; runs: readonly RunHistoryEntry[] }) {
  if (runs.length === 0) return null;
  return (
    <details className="as-compare-kept">
      <summary>
        Kept runs ({runs.length} of {RUN_HISTORY_LIMIT}; the oldest unpinned one goes first)
      </summary>
      <ul>
        {runs.map((r) => (
          <li key={r.id} data-testid={`kept-${r.id}`}>
            <input
              key={r.label}
              aria-label={`Label of #${r.number}`}
              defaultValue={r.label}
              size={36}
              onBlur={(e) => history.getState().rename(r.id, e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") e.currentTarget.blur();
              }}
            />
            <span className="as-compare-hint">
              {r.scenario} · seed {r.seed} · {r.durationMs / 1000} s{r.result.partial ? " · ended early" : ""}
            </span>
            <button
              type="button"
              aria-pressed={r.pinned}
              onClick={() => history.getState().setPinned(r.id, !r.pinned)}
              aria-label={`Pin #${r.number}`}
            >
              {r.pinned ? "Pinned ✓" : "Pin"}
            </button>
            <button type="button" onClick={() => history.getState().remove(r.id)} aria-label={`Remove #${r.number}`}>
              Remove
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}

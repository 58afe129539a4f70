"use client";
/**
 * An operation's steps as a list of forms: add a step of any kind, move it up or down, remove
 * it, and edit its fields; parallel, cache misses and branch alternatives are lists of steps
 * themselves, shown the same way one level in. Each action is one undoable change.
 */
import { useId, useState } from "react";
import { STEP_KINDS, type PathSegment, type StepKind } from "../../../model";
import {
  BOOLEAN,
  ErrorBadge,
  FieldInput,
  IconButton,
  ItemProblems,
  useApply,
  useErrorCount,
  useInspector,
  type Field,
} from "./fields";
import { describeStep, getStepKind, isWritten, newStep } from "./view-model";

const COMMON_STEP_FIELDS: readonly Field[] = [
  { key: "optional", label: "Optional", hint: "a failure does not fail the operation (false)", options: BOOLEAN },
  { key: "probability", label: "Probability", hint: "the step runs only this often, 0 to 1 (1)" },
];

/** The fields of each step kind after its step key, in the format's order (docs/design-format.md §6). */
export const STEP_FIELDS: Readonly<Record<StepKind, readonly Field[]>> = {
  call: [
    { key: "call", label: "Call", hint: "<service>.<operation>", list: "targets", text: true },
    { key: "timeout", label: "Timeout", hint: "per attempt, e.g. 200ms; replaces the service's" },
    { key: "retries", label: "Retries", hint: "{ max: 2, backoff: 50ms, jitter: true }" },
    {
      key: "circuitBreaker",
      label: "Circuit breaker",
      hint: "{ failureRate: 0.5, window: 20, openFor: 10s, halfOpenProbes: 1 }",
    },
    { key: "bulkhead", label: "Bulkhead", hint: "concurrent calls per caller replica, ≥ 1" },
  ],
  query: [{ key: "query", label: "Database", hint: "a database id", list: "databases", text: true }],
  cache: [
    { key: "cache", label: "Cache", hint: "a cache id; the miss steps run on a miss", list: "caches", text: true },
  ],
  publish: [
    { key: "publish", label: "Topic", hint: "e.g. order.created", list: "topics", text: true },
    { key: "outbox", label: "Outbox", hint: "succeeds at once, sent when the broker can (false)", options: BOOLEAN },
  ],
  parallel: [],
  branch: [],
};

const KIND_HINTS: Readonly<Record<StepKind, string>> = {
  call: "a synchronous call to an operation",
  query: "one query to a database",
  cache: "a cache lookup, with steps on a miss",
  publish: "a message to the broker",
  parallel: "steps that run at once",
  branch: "one of several alternatives, by weight",
};

/**
 * The steps at `path` (a list, absent when empty). `owner` names it in labels: `order.create`,
 * `order.create step 2 (parallel)`.
 */
export function StepList({ path, owner, service }: { path: readonly PathSegment[]; owner: string; service: string }) {
  const { read, refs } = useInspector();
  const apply = useApply();
  const steps = read.value(path);
  const list = Array.isArray(steps) ? steps : [];
  // Which steps are open, by index: moves and removals carry it along.
  const [open, setOpen] = useState<ReadonlySet<number>>(() => new Set());
  const listId = useId();
  const [kind, setKind] = useState<StepKind>("call");
  const focusLater = (id: string, fallback?: string) =>
    requestAnimationFrame(() => {
      const el = document.getElementById(id) as HTMLButtonElement | null;
      if (el && !el.disabled) el.focus();
      else if (fallback) document.getElementById(fallback)?.focus();
    });

  const move = (from: number, to: number) => {
    const label = `Moved ${describeStep(list[from])} of ${owner} ${to < from ? "up" : "down"} (step ${to + 1})`;
    if (!apply({ type: "moveItem", path, from, to, label })) return;
    setOpen((s) => remap(s, (i) => (i === from ? to : i === to ? from : i)));
    const dir = to < from ? "up" : "down";
    focusLater(`${listId}-${to}-${dir}`, `${listId}-${to}-${dir === "up" ? "down" : "up"}`);
  };
  const remove = (i: number) => {
    const label = `Removed step ${i + 1} (${describeStep(list[i])}) of ${owner}`;
    if (!apply({ type: "delete", path: [...path, i], label })) return;
    setOpen((s) => remap(s, (j) => (j === i ? -1 : j > i ? j - 1 : j)));
    focusLater(`${listId}-add`);
  };
  const add = () => {
    const value = newStep(kind, refs, service);
    const label = `Added a ${kind} step to ${owner}`;
    if (!apply({ type: "insertItem", path, value, label })) return;
    setOpen((s) => new Set([...s, list.length]));
  };

  return (
    <div className="as-steps">
      {list.length ? (
        <ol className="as-step-list" aria-label={`Steps of ${owner}`}>
          {list.map((step, i) => (
            <StepCard
              key={i}
              path={[...path, i]}
              step={step}
              index={i}
              count={list.length}
              owner={owner}
              service={service}
              idPrefix={`${listId}-${i}`}
              open={open.has(i)}
              onToggle={() => setOpen((s) => toggle(s, i))}
              onMove={move}
              onRemove={remove}
            />
          ))}
        </ol>
      ) : (
        <p className="as-steps-empty">No steps.</p>
      )}
      <div className="as-add-row">
        <label className="as-visually-hidden" htmlFor={`${listId}-kind`}>
          Kind of step to add to {owner}
        </label>
        <select
          id={`${listId}-kind`}
          value={kind}
          onChange={(e) => setKind(e.target.value as StepKind)}
          title={KIND_HINTS[kind]}
        >
          {STEP_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
        <button
          type="button"
          id={`${listId}-add`}
          className="as-add-button"
          onClick={add}
          aria-label={`Add step to ${owner}`}
        >
          Add step
        </button>
      </div>
    </div>
  );
}

function StepCard({
  path,
  step,
  index,
  count,
  owner,
  service,
  idPrefix,
  open,
  onToggle,
  onMove,
  onRemove,
}: {
  path: PathSegment[];
  step: unknown;
  index: number;
  count: number;
  owner: string;
  service: string;
  idPrefix: string;
  open: boolean;
  onToggle(): void;
  onMove?(from: number, to: number): void;
  onRemove?(i: number): void;
}) {
  const errors = useErrorCount(path);
  const n = index + 1;
  const summary = describeStep(step);
  return (
    <li className="as-step">
      <div className="as-step-head">
        <button
          type="button"
          className="as-step-toggle"
          aria-expanded={open}
          aria-controls={`${idPrefix}-body`}
          onClick={onToggle}
        >
          <span className="as-step-index" aria-hidden="true">
            {n}
          </span>
          <span className="as-step-summary">
            <span className="as-visually-hidden">Step {n}: </span>
            {summary}
          </span>
          <ErrorBadge count={errors} />
        </button>
        {onMove ? (
          <>
            <IconButton
              id={`${idPrefix}-up`}
              label={`Move step ${n} of ${owner} up`}
              disabled={index === 0}
              onClick={() => onMove(index, index - 1)}
            >
              ↑
            </IconButton>
            <IconButton
              id={`${idPrefix}-down`}
              label={`Move step ${n} of ${owner} down`}
              disabled={index === count - 1}
              onClick={() => onMove(index, index + 1)}
            >
              ↓
            </IconButton>
          </>
        ) : null}
        {onRemove ? (
          <IconButton label={`Remove step ${n} of ${owner}`} onClick={() => onRemove(index)} danger>
            ✕
          </IconButton>
        ) : null}
      </div>
      {open ? (
        <div className="as-step-body" id={`${idPrefix}-body`}>
          <StepFields path={path} step={step} what={`${owner} step ${n}`} service={service} />
        </div>
      ) : null}
    </li>
  );
}

/** The form of one step: its kind's fields, the common ones, and nested lists of steps. */
export function StepFields({
  path,
  step,
  what,
  service,
}: {
  path: PathSegment[];
  step: unknown;
  what: string;
  service: string;
}) {
  const kind = getStepKind(step);
  if (!kind || !isWritten(step))
    return (
      <>
        <ItemProblems path={path} />
        <p className="as-hint">Not a step the inspector can show: edit it in the YAML.</p>
      </>
    );
  return (
    <>
      <ItemProblems path={path} />
      {STEP_FIELDS[kind].map((f) => (
        <FieldInput key={String(f.key)} base={path} field={f} what={what} />
      ))}
      {kind === "parallel" ? (
        <NestedSteps title="Run at once" path={[...path, "parallel"]} owner={`${what} (parallel)`} service={service} />
      ) : null}
      {kind === "cache" ? (
        <NestedSteps title="On a miss" path={[...path, "miss"]} owner={`${what} (miss)`} service={service} />
      ) : null}
      {kind === "branch" ? <BranchAlternatives path={[...path, "branch"]} what={what} service={service} /> : null}
      {COMMON_STEP_FIELDS.map((f) => (
        <FieldInput key={String(f.key)} base={path} field={f} what={what} />
      ))}
    </>
  );
}

function NestedSteps({
  title,
  path,
  owner,
  service,
}: {
  title: string;
  path: PathSegment[];
  owner: string;
  service: string;
}) {
  return (
    <fieldset className="as-nested">
      <legend>{title}</legend>
      <ItemProblems path={path} />
      <StepList path={path} owner={owner} service={service} />
    </fieldset>
  );
}

function BranchAlternatives({ path, what, service }: { path: PathSegment[]; what: string; service: string }) {
  const { read } = useInspector();
  const apply = useApply();
  const alts = read.value(path);
  const list = Array.isArray(alts) ? alts : [];
  return (
    <div className="as-branch">
      <ItemProblems path={path} />
      {list.map((_alt, j) => (
        <fieldset key={j} className="as-nested">
          <legend>
            Alternative {j + 1}
            <IconButton
              label={`Remove alternative ${j + 1} of ${what}`}
              onClick={() =>
                apply({ type: "delete", path: [...path, j], label: `Removed alternative ${j + 1} of ${what}` })
              }
              danger
            >
              ✕
            </IconButton>
          </legend>
          <FieldInput
            base={[...path, j]}
            field={{ key: "weight", label: "Weight", hint: "relative, > 0: 92 and 8 mean 92% and 8%" }}
            what={`${what} alternative ${j + 1}`}
          />
          <StepList path={[...path, j, "steps"]} owner={`${what} alternative ${j + 1}`} service={service} />
        </fieldset>
      ))}
      <button
        type="button"
        className="as-add-button"
        onClick={() =>
          apply({
            type: "insertItem",
            path,
            value: { weight: 1, steps: [] },
            label: `Added an alternative to ${what}`,
          })
        }
      >
        Add alternative
      </button>
    </div>
  );
}

function toggle(s: ReadonlySet<number>, i: number): Set<number> {
  const next = new Set(s);
  if (next.has(i)) next.delete(i);
  else next.add(i);
  return next;
}

function remap(s: ReadonlySet<number>, f: (i: number) => number): Set<number> {
  return new Set([...s].map(f).filter((i) => i >= 0));
}

export { StepCard };

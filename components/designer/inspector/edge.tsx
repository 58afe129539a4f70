"use client";
/**
 * A connection selected on the canvas: what construct of the format it stands for (call,
 * query, cache and publish steps, a subscription, a gateway route, a workload's traffic, a
 * dependency) and that construct's fields, editable in place.
 */
import type { PathSegment } from "../../../model";
import { FieldInput, useApply, useInspector } from "./fields";
import { WorkloadForm } from "./overview";
import { StepFields } from "./steps";
import { findEdgeSteps, isWritten, type EdgeRef } from "./view-model";

const TITLES: Readonly<Record<EdgeRef["kind"], string>> = {
  call: "Synchronous call",
  query: "Database query",
  cache: "Cache lookup",
  publish: "Publish",
  subscribe: "Subscription",
  route: "Gateway route",
  request: "Client traffic",
  depends: "Dependency",
};

export function EdgeInspector({ edge }: { edge: EdgeRef }) {
  const apply = useApply();
  const { source, target, kind } = edge;
  return (
    <>
      <h2 className="as-inspector-title">
        {source} → {target} <span>{TITLES[kind].toLowerCase()}</span>
      </h2>
      <EdgeBody edge={edge} />
      <button
        type="button"
        className="as-add-button as-danger-button"
        onClick={() => apply({ type: "disconnect", kind, source, target })}
      >
        Disconnect {source} → {target}
      </button>
    </>
  );
}

function EdgeBody({ edge }: { edge: EdgeRef }) {
  const { read } = useInspector();
  const design = read.value([]);
  const { source, target } = edge;
  switch (edge.kind) {
    case "call":
    case "query":
    case "cache":
    case "publish": {
      const steps = findEdgeSteps(design, edge);
      const lead = {
        call: `${source} calls ${target} from these steps; a step's timeout, retries, circuit breaker or bulkhead replaces the service's own.`,
        query: `${source} queries ${target} in these steps.`,
        cache: `${source} looks up ${target} in these steps; the miss steps run on a miss.`,
        publish: `${source} publishes these topics to ${target}.`,
      }[edge.kind];
      return (
        <>
          <p className="as-hint as-inspector-lead">{lead}</p>
          {steps.length === 0 ? <p className="as-steps-empty">No such step any more.</p> : null}
          {steps.map((s) => (
            <fieldset key={s.path.join("/")} className="as-operation">
              <legend>
                {source}.{s.operation} step {stepNumber(s.path)}
              </legend>
              <StepFields
                path={s.path}
                step={s.step}
                what={`${source}.${s.operation} step ${stepNumber(s.path)}`}
                service={source}
              />
            </fieldset>
          ))}
          {edge.kind === "call" ? (
            <FieldInput
              base={["components", source]}
              field={{
                key: "resilience",
                label: `Resilience of ${source}`,
                hint: "for every call of the service: { timeout: 800ms, retries: { max: 2, backoff: 50ms } }",
                multiline: true,
              }}
              what={source}
            />
          ) : null}
        </>
      );
    }
    case "subscribe": {
      const subs = read.value(["components", target, "subscribes"]);
      const topics = isWritten(subs) ? Object.keys(subs) : [];
      return (
        <>
          <p className="as-hint as-inspector-lead">
            {target} runs an operation once per message of each topic it takes from {source}.
          </p>
          {topics.map((t) => (
            <FieldInput
              key={t}
              base={["components", target, "subscribes"]}
              field={{ key: t, label: t, hint: `the operation of ${target} that handles ${t}`, text: true }}
              what={`${target}'s subscription`}
            />
          ))}
        </>
      );
    }
    case "route": {
      const routes = read.value(["components", source, "routes"]);
      const mine = isWritten(routes)
        ? Object.entries(routes).filter(([, v]) => typeof v === "string" && v.split(".")[0] === target)
        : [];
      return (
        <>
          <p className="as-hint as-inspector-lead">
            {source} sends these routes to {target}; each operation&apos;s HTTP route must equal its route.
          </p>
          {mine.map(([route, to]) => (
            <fieldset key={route} className="as-operation">
              <legend>{route}</legend>
              <FieldInput
                base={["components", source, "routes"]}
                field={{ key: route, label: "Calls", hint: "<service>.<operation>", list: "targets", text: true }}
                what={`route ${route}`}
              />
              {typeof to === "string" && to.includes(".") ? (
                <FieldInput
                  base={["components", target, "operations", to.split(".")[1]!]}
                  field={{ key: "http", label: `HTTP route of ${to}`, hint: `must be ${route}`, text: true }}
                  what={to}
                />
              ) : null}
            </fieldset>
          ))}
          <FieldInput
            base={["components", source]}
            field={{
              key: "resilience",
              label: `Resilience of ${source}`,
              hint: "for the call to each route's operation: { timeout: 3s }",
              multiline: true,
            }}
            what={source}
          />
        </>
      );
    }
    case "request": {
      const workloads = read.value(["workloads"]);
      const names = isWritten(workloads)
        ? Object.entries(workloads)
            .filter(
              ([, w]) =>
                isWritten(w) && w.source === source && typeof w.entry === "string" && w.entry.split(".")[0] === target,
            )
            .map(([n]) => n)
        : [];
      return (
        <>
          <p className="as-hint as-inspector-lead">
            The workloads whose traffic goes from {source} into {target}.
          </p>
          {names.map((n) => (
            <fieldset key={n} className="as-operation">
              <legend>workload {n}</legend>
              <WorkloadForm name={n} />
            </fieldset>
          ))}
        </>
      );
    }
    case "depends":
      return (
        <>
          <p className="as-hint as-inspector-lead">
            A replica of {source} starts only while {target} is up.
          </p>
          <FieldInput
            base={["components", source]}
            field={{ key: "dependsOn", label: `${source} depends on`, hint: "[config, orders-db]" }}
            what={source}
          />
        </>
      );
  }
}

function stepNumber(path: readonly PathSegment[]): string {
  // `steps[2].parallel[0]` reads "3.1".
  return path
    .filter((s): s is number => typeof s === "number")
    .map((i) => i + 1)
    .join(".");
}

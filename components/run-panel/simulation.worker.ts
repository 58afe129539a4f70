// One simulation off the main thread: the engine and its driver run here, so the page stays
// responsive at full speed. simulation-client.ts starts it (one worker per run) and ends it.
import { parseDesign, type Design } from "../../model";
import { createRun, isSimulationError, type SimulationRun } from "../../simulator";
import { startRunDriver, type RunDriver } from "../../simulator/driver";
import { parseRunCommand, type RunEvent } from "../../simulator/protocol";
import { DESIGNER_TRACE_EVERY } from "./trace-waterfall-data";

let driver: RunDriver | null = null;
let run: SimulationRun | null = null;

// Designer runs trace every DESIGNER_TRACE_EVERY-th request (10, after the warm-up): at the
// examples' 200 rps that is 20 a second, thinned by the engine to at most TRACE_LIMITS.traces
// kept, at a few percent of the run's time.

function postTraces(): void {
  if (run) post({ type: "traces", traces: run.traces() });
}

function post(event: RunEvent): void {
  self.postMessage(event);
}

self.onmessage = ({ data }: MessageEvent<unknown>) => {
  const parsed = parseRunCommand(data);
  if (!parsed.ok) {
    post({ type: "error", message: `not a run command (${parsed.message})` });
    return;
  }
  const command = parsed.command;
  switch (command.type) {
    case "start": {
      driver?.stop();
      let design: Design;
      if ("text" in command.design) {
        const r = parseDesign(command.design.text);
        if (!r.design) {
          post({ type: "error", message: `the design has errors: ${r.errors.map((e) => e.message).join("; ")}` });
          return;
        }
        design = r.design;
      } else design = command.design.parsed;
      try {
        const current = createRun(design, {
          scenario: command.scenario,
          seed: command.seed,
          durationMs: command.durationMs,
          timeseries: true,
          clock: performance,
          traces: { every: DESIGNER_TRACE_EVERY },
        });
        run = current;
        driver = startRunDriver({
          run: current,
          clock: performance,
          scheduler: {
            schedule(task, delayMs) {
              const id = setTimeout(task, delayMs);
              return () => clearTimeout(id);
            },
          },
          speed: command.speed,
          onSnapshots: (snapshots) => post({ type: "snapshots", snapshots }),
          onProgress: (simulatedMs, durationMs) => post({ type: "progress", simulatedMs, durationMs }),
          onDone: (result) => {
            postTraces();
            post({ type: "done", result });
          },
          onError: (message) => post({ type: "error", message }),
        });
      } catch (e) {
        post({ type: "error", message: isSimulationError(e) ? e.message : `the simulator failed: ${String(e)}` });
      }
      return;
    }
    case "pause":
      driver?.pause();
      return postTraces();
    case "resume":
      return driver?.resume();
    case "setSpeed":
      return driver?.setSpeed(command.speed);
    case "stop":
      return driver?.stop();
    case "inject": {
      const atMs = driver?.inject(command.fault) ?? null;
      if (atMs !== null) post({ type: "injected", fault: { ...command.fault, at: atMs }, atMs });
      return;
    }
    case "heal": {
      const atMs = driver?.heal() ?? null;
      if (atMs !== null) post({ type: "healed", atMs });
      return;
    }
  }
};

// Auto-layout off the main thread: ELK and the choice between its variants (layout.ts) run
// here, so a big design does not freeze the page while it is laid out. layout-worker-client.ts
// starts it and talks to it.
import ELK from "elkjs/lib/elk.bundled.js";
import { getAutoPositions } from "./layout";
import type { LayoutReply, LayoutRequest } from "./layout-worker-client";

const elk = new ELK();

// Loaded in a worker, elk.bundled.js makes itself the worker's message handler (it can be
// ELK's own worker script); ours replaces it, and `elk` above runs ELK in this thread.
self.onmessage = async ({ data }: MessageEvent<LayoutRequest>) => {
  let reply: LayoutReply;
  try {
    const at = await getAutoPositions(data.nodes, data.edges, elk);
    reply = { id: data.id, positions: [...at] };
  } catch (error) {
    reply = { id: data.id, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};

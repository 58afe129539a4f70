/**
 * The shipped examples over HTTP, for "new design from an example": plain functions from
 * arguments to a `Response`, as designs-api.ts. The Next.js routes in app/api/examples
 * delegate here; tests call these with a folder of their own.
 *
 *   GET /api/examples        → 200 [{ id, name, description, components }]  (valid examples only)
 *   GET /api/examples/{id}   → 200 { id, name, yaml }                       (the file exactly)
 *
 * Errors: 404 { errors: [{ line: 0, col: 0, path: "", message }] } for an unknown or invalid
 * example; 500 in the same shape for anything unexpected, without a stack trace.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseDesign, type ExampleText } from "../../model";
import { getExamplesDir, isExampleId, readExampleSummaries } from "../examples";

export async function listExamples(dir: string = getExamplesDir()): Promise<Response> {
  return guard(async () => json(200, await readExampleSummaries(dir)));
}

export async function getExample(rawId: string, dir: string = getExamplesDir()): Promise<Response> {
  return guard(async () => {
    const missing = () => error(404, `no example has the id ${JSON.stringify(rawId.slice(0, 80))}`);
    if (!isExampleId(rawId)) return missing();
    let yaml: string;
    try {
      yaml = await readFile(/*turbopackIgnore: true*/ path.join(dir, `${rawId}.yaml`), "utf8");
    } catch (e) {
      // EISDIR: a folder named like an example is not one.
      if (["ENOENT", "EISDIR"].includes((e as { code?: string }).code ?? "")) return missing();
      throw e;
    }
    const { design } = parseDesign(yaml);
    if (!design) return missing();
    const body: ExampleText = { id: rawId, name: design.name?.trim() || rawId, yaml };
    return json(200, body);
  });
}

async function guard(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (e) {
    console.error("archsim: examples API:", e);
    return error(500, "the server failed to read the examples; it is logged on the server");
  }
}

function error(status: number, message: string): Response {
  return json(status, { errors: [{ line: 0, col: 0, path: "", message }] });
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/**
 * The designs HTTP API as plain functions from a web `Request` to a `Response`, over a
 * DesignStore: the Next.js route handlers in app/api/designs delegate here, and tests call
 * these directly. Every error is JSON with a message and no stack trace.
 *
 *   GET    /api/designs                     → 200 [{ id, name, version, updatedAt }]
 *   POST   /api/designs                     → 201 { id, version }        (body: YAML or JSON)
 *   GET    /api/designs/{id}                → 200 { id, name, version, updatedAt, yaml }
 *   PUT    /api/designs/{id}  If-Match: v   → 200 { version } | 409 { version, yaml }
 *   DELETE /api/designs/{id}                → 204
 *   GET    /api/designs/{id}/versions       → 200 [{ version, name, savedAt, bytes }]
 *   GET    /api/designs/{id}/versions/{v}   → 200 { version, name, savedAt, bytes, yaml }
 *   GET    /api/designs/{id}/code.zip       → 200 the generated repository (application/zip) | 422 { errors }
 *
 * Errors: 400 { errors: [{ line, col, path, message }] } for a design the model refuses (or
 * a malformed request), 404 unknown id, 413 over 5 MiB, 428 a PUT without If-Match.
 */
import { z } from "zod";
import { MAX_DESIGN_BYTES, parseDesign, printDesign, type ApiError, type DesignDiagnostic } from "../../model";

export type { ApiError };
import { DESIGN_ID_RE, DesignStoreError, type DesignStore } from "../store/design-store";
import { generateRepo } from "../../generators";
import { zipFileMap } from "../generate/zip";

const idSchema = z.string().regex(DESIGN_ID_RE, "not a design id");
/** A version in a path: plain decimal digits, no sign, exponent or hex. */
const versionSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/)
  .transform(Number);
/** If-Match carries the version the save is based on: `3`, or as an entity tag `"3"` / `W/"3"`. */
const ifMatchSchema = z
  .string()
  .trim()
  .regex(/^(W\/)?("?)[1-9][0-9]{0,15}\2$/, 'If-Match must be the version the edit is based on, such as "3"')
  .transform((s) => Number(s.replace(/^W\//, "").replaceAll('"', "")));

const UNTITLED = "Untitled design";

export async function listDesigns(store: DesignStore): Promise<Response> {
  return json(200, store.list());
}

export async function createDesign(store: DesignStore, request: Request): Promise<Response> {
  const body = await readDesignBody(request);
  if (body instanceof Response) return body;
  const created = store.create(body.yaml, body.name);
  return json(
    201,
    { id: created.id, version: created.version },
    { Location: `/api/designs/${created.id}`, ETag: etag(created.version) },
  );
}

export async function getDesign(store: DesignStore, rawId: string): Promise<Response> {
  const id = checkId(rawId);
  if (id instanceof Response) return id;
  const design = store.get(id);
  if (!design) return notFound(id);
  return json(200, design, { ETag: etag(design.version) });
}

export async function updateDesign(store: DesignStore, rawId: string, request: Request): Promise<Response> {
  const id = checkId(rawId);
  if (id instanceof Response) return id;
  const header = request.headers.get("if-match");
  if (header === null)
    return error(428, 'a save needs an If-Match header with the version it is based on, such as If-Match: "3"');
  const base = ifMatchSchema.safeParse(header);
  if (!base.success) return error(400, base.error.issues[0]!.message);
  const body = await readDesignBody(request);
  if (body instanceof Response) return body;
  const outcome = store.save(id, body.yaml, body.name, base.data);
  if (outcome.ok) return json(200, { version: outcome.version }, { ETag: etag(outcome.version) });
  if (outcome.reason === "not-found") return notFound(id);
  return json(
    409,
    { version: outcome.current.version, yaml: outcome.current.yaml },
    { ETag: etag(outcome.current.version) },
  );
}

export async function deleteDesign(store: DesignStore, rawId: string): Promise<Response> {
  const id = checkId(rawId);
  if (id instanceof Response) return id;
  if (!store.delete(id)) return notFound(id);
  return new Response(null, { status: 204 });
}

/**
 * The repository generateRepo makes of the stored design, as a zip named after the design; a
 * design the model refuses answers 422 with its errors.
 */
export async function getDesignCode(store: DesignStore, rawId: string): Promise<Response> {
  const id = checkId(rawId);
  if (id instanceof Response) return id;
  const stored = store.get(id);
  if (!stored) return notFound(id);
  const { design, errors } = parseDesign(stored.yaml);
  if (!design) return json(422, { errors: errors.map(toApiError) });
  const zip = zipFileMap(generateRepo(design));
  const name = stored.name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "design";
  return new Response(zip.slice().buffer, {
    status: 200,
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${name}-code.zip"`,
      "Cache-Control": "no-store",
    },
  });
}

export async function listVersions(store: DesignStore, rawId: string): Promise<Response> {
  const id = checkId(rawId);
  if (id instanceof Response) return id;
  const versions = store.versions(id);
  if (!versions) return notFound(id);
  return json(200, versions);
}

export async function getVersion(store: DesignStore, rawId: string, rawVersion: string): Promise<Response> {
  const id = checkId(rawId);
  if (id instanceof Response) return id;
  const v = versionSchema.safeParse(rawVersion);
  if (!v.success) return error(400, `not a version number: ${JSON.stringify(rawVersion.slice(0, 40))}`);
  const found = store.version(id, v.data);
  if (!found) return error(404, `design ${JSON.stringify(id)} has no version ${v.data}`);
  return json(200, found);
}

/**
 * Reads a design from a request body: at most MAX_DESIGN_BYTES, counted as they arrive (a
 * Content-Length is not trusted), UTF-8, and a design the model accepts. A JSON body (by its
 * Content-Type) is kept as the equivalent YAML; a YAML body exactly as sent.
 */
async function readDesignBody(request: Request): Promise<{ yaml: string; name: string } | Response> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > MAX_DESIGN_BYTES) return tooLarge();
  const bytes = await readAtMost(request, MAX_DESIGN_BYTES);
  if (bytes === null) return tooLarge();
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return error(400, "the body is not UTF-8 text");
  }
  if (text.trim() === "") return error(400, "the body is empty: send a design as YAML or JSON");
  const { design, errors } = parseDesign(text);
  if (!design) return json(400, { errors: errors.map(toApiError) });
  const isJson = /^application\/(.+\+)?json\b/i.test(request.headers.get("content-type") ?? "");
  return { yaml: isJson ? printDesign(design) : text, name: design.name?.trim() || UNTITLED };
}

async function readAtMost(request: Request, limit: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return all;
}

function toApiError(d: DesignDiagnostic): ApiError {
  return { line: d.line, col: d.col, path: d.path, message: d.message };
}

function checkId(raw: string): string | Response {
  return idSchema.safeParse(raw).success ? raw : error(404, `no design has the id ${JSON.stringify(raw.slice(0, 80))}`);
}

function notFound(id: string): Response {
  return error(404, `no design has the id ${JSON.stringify(id)}`);
}

function tooLarge(): Response {
  return error(413, `the design is larger than the 5 MiB limit (${MAX_DESIGN_BYTES.toLocaleString("en-US")} bytes)`);
}

function etag(version: number): string {
  return `"${version}"`;
}

/** A non-design error: the same shape as a design's, at no position. */
function error(status: number, message: string): Response {
  return json(status, { errors: [{ line: 0, col: 0, path: "", message }] });
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

/**
 * Runs a handler against a store obtained on demand: a store that cannot be opened answers
 * 503 with its message (say, a corrupt or locked file), anything unexpected 500, and neither
 * shows a stack trace.
 */
export async function withStore(
  getStore: () => DesignStore,
  handler: (store: DesignStore) => Promise<Response>,
): Promise<Response> {
  let store: DesignStore;
  try {
    store = getStore();
  } catch (e) {
    if (e instanceof DesignStoreError) return error(503, e.message);
    throw e;
  }
  try {
    return await handler(store);
  } catch (e) {
    console.error("archsim: designs API:", e);
    return error(500, "the server failed to handle this request; it is logged on the server");
  }
}

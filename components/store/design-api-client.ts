/**
 * The browser's client of the designs API (docs/api.md): typed results, never a thrown HTTP
 * status. `fetch` is passed in, so the client runs in the browser, in Node and in tests.
 */
import type {
  ApiError,
  DesignSummary,
  DesignVersionSummary,
  ExampleSummary,
  ExampleText,
  StoredDesign,
} from "../../model";

export type { DesignSummary, ExampleSummary, ExampleText, StoredDesign };
export type ApiErrorItem = ApiError;
export type VersionSummary = DesignVersionSummary;

export type SaveResult =
  | { kind: "saved"; version: number }
  | { kind: "conflict"; version: number; yaml: string }
  | { kind: "invalid"; errors: ApiErrorItem[] }
  | { kind: "failed"; status: number; message: string };

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export class DesignApiClient {
  constructor(
    private readonly fetchFn: Fetch,
    private readonly base = "/api/designs",
    private readonly examplesBase = "/api/examples",
  ) {}

  async list(): Promise<DesignSummary[]> {
    return this.json(await this.fetchFn(this.base, { cache: "no-store" }));
  }

  async get(id: string): Promise<StoredDesign | null> {
    const res = await this.fetchFn(`${this.base}/${encodeURIComponent(id)}`, { cache: "no-store" });
    if (res.status === 404) return null;
    return this.json(res);
  }

  /** Creates a design from YAML, or from JSON with `format: "json"` (the server keeps it as YAML). */
  async create(
    text: string,
    format: "yaml" | "json" = "yaml",
  ): Promise<{ id: string; version: number } | { errors: ApiErrorItem[] }> {
    const res = await this.fetchFn(this.base, {
      method: "POST",
      body: text,
      headers: { "Content-Type": format === "json" ? "application/json" : "application/yaml" },
    });
    if (res.status === 400 || res.status === 413) return { errors: await errorsOf(res) };
    return this.json(res);
  }

  /** Saves `yaml` on top of `baseVersion`. */
  async save(id: string, yaml: string, baseVersion: number): Promise<SaveResult> {
    let res: Response;
    try {
      res = await this.fetchFn(`${this.base}/${encodeURIComponent(id)}`, {
        method: "PUT",
        body: yaml,
        headers: { "Content-Type": "application/yaml", "If-Match": `"${baseVersion}"` },
      });
    } catch (e) {
      return { kind: "failed", status: 0, message: `the server cannot be reached (${(e as Error).message})` };
    }
    if (res.ok) return { kind: "saved", version: ((await res.json()) as { version: number }).version };
    if (res.status === 409) {
      const body = (await res.json()) as { version: number; yaml: string };
      return { kind: "conflict", version: body.version, yaml: body.yaml };
    }
    const errors = await errorsOf(res);
    if (res.status === 400) return { kind: "invalid", errors };
    return { kind: "failed", status: res.status, message: errors[0]?.message ?? `HTTP ${res.status}` };
  }

  async remove(id: string): Promise<boolean> {
    const res = await this.fetchFn(`${this.base}/${encodeURIComponent(id)}`, { method: "DELETE" });
    return res.status === 204;
  }

  async versions(id: string): Promise<VersionSummary[]> {
    return this.json(await this.fetchFn(`${this.base}/${encodeURIComponent(id)}/versions`, { cache: "no-store" }));
  }

  async version(
    id: string,
    version: number,
  ): Promise<{ version: number; yaml: string; savedAt: string; name: string }> {
    return this.json(await this.fetchFn(`${this.base}/${encodeURIComponent(id)}/versions/${version}`));
  }

  /** The shipped examples a design can start from. */
  async listExamples(): Promise<ExampleSummary[]> {
    return this.json(await this.fetchFn(this.examplesBase, { cache: "no-store" }));
  }

  /** A shipped example's text, exactly as in its file. */
  async getExample(id: string): Promise<ExampleText> {
    return this.json(await this.fetchFn(`${this.examplesBase}/${encodeURIComponent(id)}`, { cache: "no-store" }));
  }

  private async json<T>(res: Response): Promise<T> {
    if (!res.ok) {
      const errors = await errorsOf(res);
      throw new Error(errors[0]?.message ?? `HTTP ${res.status}`);
    }
    return (await res.json()) as T;
  }
}

async function errorsOf(res: Response): Promise<ApiErrorItem[]> {
  try {
    const body = (await res.json()) as { errors?: ApiErrorItem[] };
    return Array.isArray(body.errors) ? body.errors : [];
  } catch {
    return [];
  }
}

import { createDesign, listDesigns, withStore } from "../../../server/api/designs-api";
import { getDesignStore } from "../../../server/store/default-store";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return withStore(getDesignStore, (store) => listDesigns(store));
}

export function POST(request: Request): Promise<Response> {
  return withStore(getDesignStore, (store) => createDesign(store, request));
}

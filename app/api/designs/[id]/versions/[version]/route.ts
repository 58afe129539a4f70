import { getVersion, withStore } from "../../../../../../server/api/designs-api";
import { getDesignStore } from "../../../../../../server/store/default-store";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string; version: string }> };

export async function GET(_request: Request, { params }: Context): Promise<Response> {
  const { id, version } = await params;
  return withStore(getDesignStore, (store) => getVersion(store, id, version));
}

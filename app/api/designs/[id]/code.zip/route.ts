import { getDesignCode, withStore } from "../../../../../server/api/designs-api";
import { getDesignStore } from "../../../../../server/store/default-store";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return withStore(getDesignStore, (store) => getDesignCode(store, id));
}

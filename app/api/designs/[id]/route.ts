import { deleteDesign, getDesign, updateDesign, withStore } from "../../../../server/api/designs-api";
import { getDesignStore } from "../../../../server/store/default-store";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export async function GET(_request: Request, { params }: Context): Promise<Response> {
  const { id } = await params;
  return withStore(getDesignStore, (store) => getDesign(store, id));
}

export async function PUT(request: Request, { params }: Context): Promise<Response> {
  const { id } = await params;
  return withStore(getDesignStore, (store) => updateDesign(store, id, request));
}

export async function DELETE(_request: Request, { params }: Context): Promise<Response> {
  const { id } = await params;
  return withStore(getDesignStore, (store) => deleteDesign(store, id));
}

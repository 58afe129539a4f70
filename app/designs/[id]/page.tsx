import { notFound } from "next/navigation";
import { DesignEditor } from "../../../components/designer/design-editor";
import { StoreUnavailable } from "../../../components/designer/store-unavailable";
import { DesignStoreError } from "../../../server/store/design-store";
import { getDesignStore } from "../../../server/store/default-store";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props) {
  const { id } = await params;
  try {
    const d = getDesignStore().get(id);
    return { title: d ? `${d.name} · archsim` : "archsim" };
  } catch {
    return { title: "archsim" };
  }
}

export default async function DesignPage({ params }: Props) {
  const { id } = await params;
  let stored;
  try {
    stored = getDesignStore().get(id);
  } catch (e) {
    if (e instanceof DesignStoreError) return <StoreUnavailable message={e.message} />;
    throw e;
  }
  if (!stored) notFound();
  // Keyed by id and version: opening another design starts a fresh editor.
  return (
    <DesignEditor
      key={`${stored.id}@${stored.version}`}
      id={stored.id}
      initialText={stored.yaml}
      version={stored.version}
    />
  );
}

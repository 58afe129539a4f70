import type { Metadata } from "next";
import { DesignList } from "../../components/designs/design-list";
import { StoreUnavailable } from "../../components/designer/store-unavailable";
import { readExampleSummaries } from "../../server/examples";
import { DesignStoreError } from "../../server/store/design-store";
import { getDesignStore } from "../../server/store/default-store";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Designs · archsim" };

/** Every stored design, with new, rename, duplicate, delete, and import from a file. */
export default async function DesignsPage() {
  let designs;
  try {
    designs = getDesignStore().list();
  } catch (e) {
    if (e instanceof DesignStoreError) return <StoreUnavailable message={e.message} />;
    throw e;
  }
  const examples = await readExampleSummaries();
  return <DesignList initialDesigns={designs} examples={examples} />;
}

import { redirect } from "next/navigation";
import { StoreUnavailable } from "../components/designer/store-unavailable";
import { DesignStoreError } from "../server/store/design-store";
import { getDesignStore } from "../server/store/default-store";

export const dynamic = "force-dynamic";

/** Opens the most recently edited design (on a new store, the e-commerce example). */
export default async function HomePage() {
  let recent;
  try {
    const store = getDesignStore();
    recent = store.list()[0];
    if (!recent) {
      const { id } = store.create("archsim: 1\nname: Untitled design\ncomponents: {}\n", "Untitled design");
      recent = { id };
    }
  } catch (e) {
    if (e instanceof DesignStoreError) return <StoreUnavailable message={e.message} />;
    throw e;
  }
  redirect(`/designs/${recent.id}`);
}

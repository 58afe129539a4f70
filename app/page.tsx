import { DesignErrors } from "../components/designer/design-errors";
import { DesignerView } from "../components/designer/designer-view";
import { loadExampleDesign } from "../server/examples";

const EXAMPLE = "ecommerce";

export default async function HomePage() {
  const { design, errors } = await loadExampleDesign(EXAMPLE);
  const source = `examples/${EXAMPLE}.yaml`;
  if (!design) return <DesignErrors source={source} errors={errors} />;
  return <DesignerView design={design} source={source} />;
}

import { listExamples } from "../../../server/api/examples-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return listExamples();
}

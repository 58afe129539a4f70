import { notFound } from "next/navigation";
import { connection } from "next/server";
import { scopeFromParam } from "../../../components/charts/chart-data";
import { ChartsHarness } from "../../../components/charts/charts-harness";

export const metadata = { title: "Charts (test page) · archsim", robots: { index: false } };

type Props = { searchParams: Promise<{ scope?: string; slo?: string }> };

/**
 * Test-only: the run charts on their own, fed by e2e/charts.spec.ts. Served only where
 * ARCHSIM_TEST_PAGES=1 (the e2e server, playwright.config.ts); a 404 everywhere else.
 */
export default async function ChartsTestPage({ searchParams }: Props) {
  // Read at request time, never at build time (the build has no such variable).
  await connection();
  if (process.env.ARCHSIM_TEST_PAGES !== "1") notFound();
  const { scope, slo } = await searchParams;
  const ms = Number(slo);
  return <ChartsHarness scope={scopeFromParam(scope)} slo={Number.isFinite(ms) && ms > 0 ? ms : undefined} />;
}

// @ts-check
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

/** @type {import("next").NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Pin the workspace root: a lockfile in a parent folder must not be taken for it.
  turbopack: { root },
  outputFileTracingRoot: root,
};

export default nextConfig;

/**
 * The layers of the house (see CONTRIBUTING.md): model ← simulator, generators ← server ← app;
 * components may use model, generators and simulator, never server. Type-only imports count.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "model-is-the-base",
      comment: "model/ imports only zod and yaml: nothing of the app.",
      severity: "error",
      from: { path: "^model/" },
      to: { path: "^(simulator|generators|server|components|app|cli)/" },
    },
    {
      name: "model-third-party",
      comment: "model/ may use zod and yaml only.",
      severity: "error",
      from: { path: "^model/", pathNot: "\\.test\\.ts$" },
      to: {
        dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "core"],
        pathNot: "node_modules/(zod|yaml)/",
      },
    },
    {
      name: "simulator-only-model",
      comment: "simulator/ imports only model/ (and no Node built-ins).",
      severity: "error",
      from: { path: "^simulator/", pathNot: "\\.(test|bench)\\.ts$" },
      to: { pathNot: "^(simulator|model)/|node_modules/(zod|yaml)/" },
    },
    {
      name: "generators-only-model",
      comment: "generators/ imports only model/ (and no Node built-ins).",
      severity: "error",
      from: { path: "^generators/", pathNot: "\\.test\\.ts$" },
      to: { pathNot: "^(generators|model)/|node_modules/(zod|yaml)/" },
    },
    {
      name: "simulator-and-generators-are-siblings",
      severity: "error",
      from: { path: "^(simulator|generators)/" },
      to: { path: "^(server|components|app|cli)/" },
    },
    {
      name: "server-not-ui",
      comment: "server/ never imports the UI or the CLI.",
      severity: "error",
      from: { path: "^server/" },
      to: { path: "^(components|app|cli)/" },
    },
    {
      name: "components-not-server",
      comment: "components/ run in the browser: never server/ or cli/.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^(server|cli|app)/" },
    },
    {
      name: "app-not-cli",
      severity: "error",
      from: { path: "^app/" },
      to: { path: "^cli/" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    includeOnly: "^(model|simulator|generators|server|components|app|cli|node_modules)/",
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".mts", ".js", ".mjs", ".json"],
    },
    exclude: { path: "(^|/)(node_modules|\\.next|test-results|\\.scratch|\\.stryker-tmp)/" },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

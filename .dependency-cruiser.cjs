/**
 * The harness's data flows one way:
 *   topology → profile → config → plan → cluster (backends) → faults → k6 → history → plumbing → report → audit
 * with run/ orchestrating them and cli/, bench/, setup/ on top (a store topology
 * comes first: a profile's store names one, and may use only its placeholders; plumbing reads
 * what the cluster, the faults and k6 left behind, their logs and /proc; the
 * report renders what it found). A folder may
 * import its own and those before it, never one after it; the shared
 * utilities (errors, fs, tools, net, wait, process) import none of the stages.
 * `npm run lint:deps` (part of `npm test`) fails on any import against the flow
 * and on any cycle.
 */
const STAGES = ["topology", "profile", "config", "plan", "cluster", "faults", "k6", "history", "plumbing", "report", "audit", "run"];
const UTIL = "^harness/(errors|fs|tools|net|wait|process)/";

const later = (i) => `^harness/(${STAGES.slice(i + 1).join("|")}|cli|bench|setup)/`;

module.exports = {
  forbidden: [
    { name: "no-cycles", severity: "error", from: {}, to: { circular: true } },
    ...STAGES.map((stage, i) => ({
      name: `${stage}-imports-only-earlier-stages`,
      comment: `harness/${stage}/ comes before ${STAGES.slice(i + 1).join(", ")} in the flow`,
      severity: "error",
      from: { path: `^harness/${stage}/` },
      to: { path: later(i) },
    })),
    {
      name: "utilities-import-no-stage",
      severity: "error",
      from: { path: UTIL },
      to: { path: `^harness/(${STAGES.join("|")}|cli|bench|setup)/` },
    },
    {
      name: "scenarios-import-no-harness",
      comment: "k6 bundles scenarios/: Node code from harness/ cannot run there (types only are fine)",
      severity: "error",
      from: { path: "^scenarios/" },
      to: { path: "^(harness|sample-app|examples)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "harness-knows-no-app",
      comment: "apps are reached through their profiles only",
      severity: "error",
      from: { path: "^harness/" },
      to: { path: "^(sample-app|examples)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "^(node_modules|reports|\\.tools|\\.build)/" },
  },
};

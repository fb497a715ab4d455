/**
 * The external programs the harness drives, with the versions it is tested against.
 * Go tools are built from source into a version-keyed folder, so bumping a version
 * here makes `npm run setup` build the new one beside the old instead of reusing it.
 */
export interface GoTool {
  kind: "go";
  name: string;
  version: string;
  /** Module to require in the throwaway build module. */
  module: string;
  /** Package (main) inside that module to build. */
  pkg: string;
  bin: string;
  versionArgs: string[];
  /** Extra `go build -ldflags`, e.g. to stamp a version the binary reports. */
  ldflags?: string;
}

export interface AptTool {
  kind: "apt";
  name: string;
  aptPackage: string;
  bin: string;
  versionArgs: string[];
}

export type PinnedTool = GoTool | AptTool;

// @types/k6 in package.json is pinned to the same version as k6 (2.2.0): the
// scenario types must describe the runtime that executes them.
export const K6: GoTool = {
  kind: "go",
  name: "k6",
  version: "v2.2.0",
  module: "go.k6.io/k6/v2",
  pkg: "go.k6.io/k6/v2",
  bin: "k6",
  versionArgs: ["version"],
};

export const TOXIPROXY: GoTool = {
  kind: "go",
  name: "toxiproxy",
  version: "v2.12.0",
  module: "github.com/Shopify/toxiproxy/v2",
  pkg: "github.com/Shopify/toxiproxy/v2/cmd/server",
  bin: "toxiproxy-server",
  versionArgs: ["-version"],
  // Built from a module (not a git checkout) the binary would report "git".
  ldflags: "-X github.com/Shopify/toxiproxy/v2.Version=v2.12.0",
};

export const NGINX: AptTool = {
  kind: "apt",
  name: "nginx",
  aptPackage: "nginx",
  bin: "nginx",
  versionArgs: ["-v"],
};

export const REDIS: AptTool = {
  kind: "apt",
  name: "redis-server",
  aptPackage: "redis-server",
  bin: "redis-server",
  versionArgs: ["--version"],
};

export const MEMCACHED: AptTool = {
  kind: "apt",
  name: "memcached",
  aptPackage: "memcached",
  bin: "memcached",
  versionArgs: ["-V"],
};

export const PINNED_TOOLS: readonly PinnedTool[] = [K6, TOXIPROXY, NGINX, REDIS, MEMCACHED];

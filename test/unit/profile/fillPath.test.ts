import { describe, expect, it } from "vitest";
import { fillPath } from "../../../harness/profile/placeholders";
import { containerPath } from "../../../harness/cluster/docker/dockerReplica";

describe("fillPath: a path template filled, absolute and normal", () => {
  const values = { profileDir: "/work/h/examples/php", replicaDir: "/work/h/reports/r1/replicas/app-1", runDir: "/work/h/reports/r1" };

  it("resolves .. and . after the placeholders are filled (php-fpm refuses a SCRIPT_FILENAME with ..)", () => {
    expect(fillPath("{profileDir}/../app", values, values.profileDir)).toBe("/work/h/examples/app");
    expect(fillPath("{profileDir}/./app/", values, values.profileDir)).toBe("/work/h/examples/php/app");
    expect(fillPath("{replicaDir}//conf/../php-fpm.conf", values, values.profileDir)).toBe("/work/h/reports/r1/replicas/app-1/php-fpm.conf");
  });

  it("counts a relative path from the base (the profile's folder), as files[].template does", () => {
    expect(fillPath("app", values, values.profileDir)).toBe("/work/h/examples/php/app");
    expect(fillPath("../tutorial", values, values.profileDir)).toBe("/work/h/examples/tutorial");
  });

  it("in a container: the container's folders, normalized", () => {
    expect(containerPath("{profileDir}/../app")).toBe("/app");
    expect(containerPath("{profileDir}/app")).toBe("/app/app");
    expect(containerPath("{runDir}/x/./y")).toBe("/harness/x/y");
  });
});

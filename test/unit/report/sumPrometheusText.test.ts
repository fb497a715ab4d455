import { describe, expect, it } from "vitest";
import { sumPrometheusText } from "../../../harness/run/scrapeReplicaMetrics";

describe("sumPrometheusText", () => {
  it("sums session counters over replicas, by name and by the labels besides replica", () => {
    const sums = {};
    sumPrometheusText('# TYPE x counter\nsession_lookups_total{replica="app-1",result="hit"} 3\nhttp_requests_total{replica="app-1"} 9\n', sums);
    sumPrometheusText('session_lookups_total{replica="app-2",result="hit"} 4\nsession_lock_waits_total{replica="app-2"} 2\n', sums);
    expect(sums).toEqual({
      session_lookups_total: 7,
      'session_lookups_total{result="hit"}': 7,
      session_lock_waits_total: 2,
    });
  });
});

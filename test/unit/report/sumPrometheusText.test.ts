import { describe, expect, it } from "vitest";
import { sumPrometheusText } from "../../../harness/run/scrapeReplicaMetrics";

describe("sumPrometheusText", () => {
  it("sums one counter over replicas under the harness's name for it, and by the labels besides replica", () => {
    const sums = {};
    sumPrometheusText('# TYPE x counter\nsession_lookups_total{replica="app-1",result="hit"} 3\nhttp_requests_total{replica="app-1"} 9\n', "session_lookups_total", "lookups", sums);
    sumPrometheusText('session_lookups_total{replica="app-2",result="hit"} 4\nsession_lookups_total{replica="app-2",result="miss"} 1\n', "session_lookups_total", "lookups", sums);
    expect(sums).toEqual({ lookups: 8, 'lookups{result="hit"}': 7, 'lookups{result="miss"}': 1 });
  });

  it("ignores other metrics, comments and values that are not numbers", () => {
    expect(sumPrometheusText("# HELP lookups\nsession_lookups_total_created 5\nsession_lookups_total NaNx\n", "session_lookups_total", "lookups")).toEqual({});
  });
});

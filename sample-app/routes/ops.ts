import { json, type Reply } from "../http/Reply";
import { METRICS_CONTENT_TYPE } from "../metrics";
import { StoreError } from "../session/SessionStore";
import type { Route } from "./Route";

export const healthzRoute: Route = {
  method: "GET",
  path: "/healthz",
  async handle({ app }) {
    const ready = await app.store.ping();
    return json(ready ? 200 : 503, { replica: app.config.replica, store: app.store.kind, ready });
  },
};

export const metricsRoute: Route = {
  method: "GET",
  path: "/metrics",
  async handle({ app }): Promise<Reply> {
    // Scrapes must keep working while Redis is down: that is when they matter.
    let active: number | undefined;
    try {
      active = await app.store.count();
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
    }
    return {
      status: 200,
      headers: { "Content-Type": METRICS_CONTENT_TYPE, "Cache-Control": "no-store" },
      body: app.metrics.render(active),
    };
  },
};

import { type RunRequest } from "./buildRunConfig";

/** The run docker-compose.yml describes: the sample app, Redis, 3 replicas, round-robin, on Docker. */
export const composePlanRequest: RunRequest = { backend: "docker", store: "redis", replicas: 3, lb: "round-robin" };

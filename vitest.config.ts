import { defineConfig } from "vitest/config";

// Two projects: `unit` is pure logic (no servers, runs in seconds); `integration`
// starts the real parts (redis-server, nginx, toxiproxy, k6), one file at a time
// because two clusters on 2 cores would distort each other's numbers.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

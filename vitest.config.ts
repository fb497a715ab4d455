import { defineConfig } from "vitest/config";

// `unit` is pure logic (no servers, runs in seconds); `integration` starts the
// real parts (redis-server, nginx, toxiproxy, k6, php-fpm), one file at a time
// because two clusters on 2 cores would distort each other's numbers. `chaos`
// (npm run chaos) is the long signal-storm behind the reliability numbers; it
// is not part of npm test. `heavy` (npm run test:heavy) holds the known-answer
// matrices that repeat one mechanism many times (every audit weakness, every
// browser cookie fault); CI runs it after npm test, which keeps one case of each.
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
      {
        test: {
          name: "heavy",
          include: ["test/heavy/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "chaos",
          include: ["test/chaos/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
        },
      },
    ],
  },
});

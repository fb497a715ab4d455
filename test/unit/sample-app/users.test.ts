import { beforeEach, describe, expect, it, vi } from "vitest";

// Count scrypt calls: every attempt, whatever the user, must cost exactly one.
const scryptCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock("node:crypto", async (importOriginal) => {
  const crypto = await importOriginal<typeof import("node:crypto")>();
  const scrypt = ((...args: Parameters<typeof crypto.scrypt>) => {
    scryptCalls.count++;
    return crypto.scrypt(...args);
  }) as typeof crypto.scrypt;
  return { ...crypto, scrypt };
});

const { UserDirectory } = await import("../../../sample-app/users");

// Cheap parameters: the tests are about logic, not cost.
const cheap = { N: 2 ** 4, r: 8, p: 1 };

describe("UserDirectory", () => {
  beforeEach(() => {
    scryptCalls.count = 0;
  });

  it("knows user1..userN and nobody else", () => {
    const users = new UserDirectory(5, cheap);
    expect(users.find("user1")).toEqual({ id: "u1", username: "user1", roles: ["admin", "user"] });
    expect(users.find("user5")?.roles).toEqual(["user"]);
    for (const name of ["user0", "user6", "user01", "User1", "user", "user1 ", ""]) {
      expect(users.find(name), name).toBeUndefined();
    }
  });

  it("accepts the fixture password, before and after the record is stored", async () => {
    const users = new UserDirectory(5, cheap);
    expect(await users.verify("user3", "pass-user3")).toMatchObject({ username: "user3" });
    expect(await users.verify("user3", "pass-user3")).toMatchObject({ username: "user3" });
    expect(scryptCalls.count).toBe(2);
  });

  it("rejects wrong passwords, before and after the record is stored", async () => {
    const users = new UserDirectory(5, cheap);
    expect(await users.verify("user2", "pass-user3")).toBeUndefined();
    expect(await users.verify("user2", "")).toBeUndefined();
    expect(await users.verify("user2", "pass-user2")).toBeDefined();
    expect(await users.verify("user2", "pass-user2x")).toBeUndefined();
    expect(await users.verify("user2", "pass-user")).toBeUndefined();
    expect(scryptCalls.count).toBe(5);
  });

  it("spends one scrypt on unknown users too", async () => {
    const users = new UserDirectory(5, cheap);
    expect(await users.verify("user9", "pass-user9")).toBeUndefined();
    expect(await users.verify("mallory", "x")).toBeUndefined();
    expect(scryptCalls.count).toBe(2);
  });
});

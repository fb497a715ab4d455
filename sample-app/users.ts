import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

// Seeded test fixture: user1..userN, password of userK is "pass-userK".
//
// Cost, measured on the 2-core Xeon CI box (node 20, r=8, p=1): N=2^10 ≈ 3 ms,
// N=2^12 ≈ 14 ms, N=2^14 ≈ 60 ms per hash. Hashing 100 users at startup even at
// 2^10 would take ~300 ms of CPU per replica, and three replicas start on two
// cores at once, so nothing is hashed at startup: a user's record is made on
// their first successful login from that very derivation (no extra scrypt), and
// every attempt costs exactly one scrypt whichever path it takes. N=2^12 rather
// than 2^14 because re-login storms (the "login loop" the harness provokes)
// would otherwise turn a session test into a scrypt benchmark: at 60 ms a hash
// the whole box manages ~33 logins/s.
export const SCRYPT_PARAMS: ScryptOptions = { N: 2 ** 12, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;

export interface User {
  id: string;
  username: string;
  roles: string[];
}

interface PasswordRecord {
  salt: Buffer;
  hash: Buffer;
}

export function fixturePassword(username: string): string {
  return `pass-${username}`;
}

function derive(password: string, salt: Buffer, params: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_BYTES, params, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

export class UserDirectory {
  private readonly records = new Map<string, PasswordRecord>();
  // Unknown users are checked against this so they cost the same scrypt; its
  // hash is random bytes, which no password derives to.
  private readonly dummy: PasswordRecord = { salt: randomBytes(SALT_BYTES), hash: randomBytes(KEY_BYTES) };

  constructor(
    readonly size: number,
    private readonly params: ScryptOptions = SCRYPT_PARAMS,
  ) {}

  find(username: string): User | undefined {
    const match = /^user([1-9]\d{0,6})$/.exec(username);
    const k = Number(match?.[1]);
    if (!(k >= 1 && k <= this.size)) return undefined;
    return { id: `u${k}`, username, roles: k === 1 ? ["admin", "user"] : ["user"] };
  }

  async verify(username: string, password: string): Promise<User | undefined> {
    const user = this.find(username);
    const record = user === undefined ? this.dummy : this.records.get(user.id);
    const salt = record?.salt ?? randomBytes(SALT_BYTES);
    const derived = await derive(password, salt, this.params);
    if (user === undefined) {
      timingSafeEqual(derived, this.dummy.hash);
      return undefined;
    }
    if (record !== undefined) return timingSafeEqual(derived, record.hash) ? user : undefined;
    // First attempt for this user: compare against the fixture (digests, so the
    // comparison is constant-time whatever the lengths), then keep the derived
    // hash as the user's stored record.
    if (!timingSafeEqual(digest(password), digest(fixturePassword(username)))) return undefined;
    if (!this.records.has(user.id)) this.records.set(user.id, { salt, hash: derived });
    return user;
  }
}

import { once } from "node:events";
import { createServer, type ServerResponse } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { json, sendReply } from "../../../sample-app/http/Reply";

describe("sendReply", () => {
  // Found by interrupting loaded runs: nginx (or any client) left while a
  // handler was still working; the late reply never settled, the request stayed
  // "in flight", and every replica waited out its 5 s shutdown grace.
  it("settles when the client left before the reply was written", async () => {
    const late = new Promise<ServerResponse>((resolve) => {
      const server = createServer((req, res) => {
        // Wait, server side, until the client's connection is gone.
        req.socket.once("close", () => {
          resolve(res);
          server.close();
        });
      });
      server.listen(0, "127.0.0.1", () => {
        const client = connect((server.address() as AddressInfo).port, "127.0.0.1", () => {
          client.write("GET /cart HTTP/1.1\r\nHost: x\r\n\r\n");
          client.destroy();
        });
      });
    });
    const res = await late;
    expect(res.destroyed).toBe(true);
    await expect(sendReply(res, json(200, { items: [] }))).resolves.toBeUndefined();
  });

  it("still sends a whole reply to a client that stays", async () => {
    const server = createServer((_req, res) => void sendReply(res, json(201, { ok: true }, { "X-Test": "1" })));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    expect(res.status).toBe(201);
    expect(res.headers.get("x-test")).toBe("1");
    expect(await res.json()).toEqual({ ok: true });
    server.close();
  });
});

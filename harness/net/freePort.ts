import { createServer } from "node:net";

/**
 * Asks the kernel for a free port on `host` by binding port 0. The port is free
 * again the moment we close it, so a rival can take it before our child binds;
 * the children's readiness checks turn that rare race into a clear start error.
 */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("freePort: no address from the kernel"));
      });
    });
  });
}

/** True when nothing accepts connections on host:port (used to prove a run released its ports). */
export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

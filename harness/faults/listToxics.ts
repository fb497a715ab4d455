import { type Toxiproxy } from "toxiproxy-node-client";

/** A toxic as Toxiproxy reports it. */
export interface ToxicInfo {
  name: string;
  type: string;
  stream: "upstream" | "downstream";
  toxicity: number;
  attributes: Record<string, number>;
}

/**
 * The toxics on each proxy, by proxy name. The client's Proxy objects drop the
 * toxics list the API returns, so this asks the toxics endpoint itself, still
 * through the client's own HTTP layer. Used to prove a run left no toxic behind.
 */
export async function listToxics(toxiproxy: Toxiproxy): Promise<Record<string, ToxicInfo[]>> {
  const proxies = await toxiproxy.getAll();
  const entries = await Promise.all(
    Object.values(proxies).map(async (proxy) => {
      const { data } = await toxiproxy.getApi().get<ToxicInfo[] | undefined>(`${proxy.getPath()}/toxics`);
      return [proxy.name, data ?? []] as const;
    }),
  );
  return Object.fromEntries(entries);
}

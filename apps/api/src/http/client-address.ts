import type { IncomingMessage } from 'node:http';
import type { ChronosConfig } from '@chronos/config';
import proxyaddr from 'proxy-addr';

/** Decides, hop by hop, whether a proxy may name the client (Express's compiled `trust proxy`). */
export type ProxyTrust = (address: string, hop: number) => boolean;

/** TRUST_PROXY as a trust function: Express's `req.ip` and the WebSocket upgrade both use this one. */
export function compileProxyTrust(trustProxy: ChronosConfig['http']['trustProxy']): ProxyTrust {
  if (typeof trustProxy === 'boolean') return () => trustProxy;
  if (typeof trustProxy === 'number') return (_address, hop) => hop < trustProxy;
  return proxyaddr.compile(trustProxy);
}

/** The client's address: the socket's peer, or what the trusted proxies in front of it say. */
export function clientAddressOf(req: IncomingMessage, trust: ProxyTrust): string {
  return proxyaddr(req, trust);
}

/**
 * `createSimulator(options)`: an in-process CoreHub on a real socket (HTTP or HTTPS), with the module
 * WebSocket at `/ext-module`, an optional UDP discovery responder, fault injection and a request journal.
 * Tests start it on port 0 and use the returned controls; `main.ts` runs it as a process.
 */
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type CoreHubWebhook, MODULE_PATH } from '@chronos/corehub/contract';
import { createLogger, type Logger } from '@chronos/logger';
import { createSimApp } from './app.js';
import { SimAutomation } from './automation.js';
import { type DiscoveryResponder, startDiscoveryResponder } from './discovery-responder.js';
import { applyUpgradeFault } from './faults/apply-fault.js';
import { type Fault, FaultRegistry, type FaultSpec } from './faults/fault-registry.js';
import {
  type FixtureUser,
  loadDemoFixture,
  type ParsedFixture,
  parseFixture,
  type SimFixture,
} from './fixture.js';
import { Journal, type JournalEntry, type JournalFilter } from './journal.js';
import { type ConnectedModule, ModuleHub } from './module-hub.js';
import type { SimControls } from './routes/sim-control.routes.js';
import { type SimBehaviour, SimState } from './sim-state.js';
import { SimWebhooks, type WebhookDelivery } from './webhooks.js';

export type SimulatorOptions = {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Bind address (default 127.0.0.1). */
  host?: string;
  /** Initial world (default `fixtures/demo.json`). */
  fixture?: SimFixture;
  /** Expected `Module-License` content; when absent any license (or none) is accepted. */
  license?: string;
  /** HMAC secret for module JWTs (default: random per simulator). */
  jwtSecret?: string;
  behaviour?: Partial<SimBehaviour>;
  /**
   * Serve HTTPS (and WSS) with this PEM key and certificate. With `requestCert`, clients must present a
   * certificate signed by `ca` (mutual TLS, as with a keystore from security-config.json).
   */
  tls?: { key: string | Buffer; cert: string | Buffer; ca?: string | Buffer; requestCert?: boolean };
  /** Answer UDP discovery; tests bind 127.0.0.1 and port 0. */
  discovery?: { host?: string; port: number; advertisedHost?: string };
  /** Journal size bound (default 10 000 entries). */
  journalLimit?: number;
  logger?: Logger;
};

export type Simulator = {
  /** `http(s)://host:port` — what Chronos gets as CORE_HUB_URL. */
  url: string;
  port: number;
  /** UDP port of the discovery responder, when enabled. */
  discoveryPort: number | undefined;
  /** The live world (pipelines, entity flags); read or force entity states in tests. */
  state: SimState;
  /** Journaled requests, optionally filtered. */
  journal(filter?: JournalFilter): JournalEntry[];
  clearJournal(): void;
  addFault(spec: FaultSpec): Fault;
  listFaults(): Fault[];
  clearFaults(): void;
  /** Closes every module socket abruptly. Returns how many were open. */
  dropModuleConnections(): number;
  /** Invalidates every module token issued so far. */
  expireTokens(): void;
  /** Modules connected right now. */
  modules(): ConnectedModule[];
  configure(changes: Partial<SimBehaviour>): SimBehaviour;
  /** The persistent webhooks as `GET /global-config/webhooks` answers them. */
  webhooks(): CoreHubWebhook[];
  /** Every webhook POST made so far, in order. */
  webhookDeliveries(): WebhookDelivery[];
  /** Where `{{chronos_address}}` points from now on (undefined: the connected module's address). */
  setWebhookAddress(address: string | undefined): void;
  /** POSTs one registered webhook now (as if its event happened), to `address` if given. */
  deliverWebhook(webhookId: string, address?: string): Promise<WebhookDelivery | undefined>;
  /** Back to the initial fixture; clears journal and faults. */
  reset(): void;
  stop(): Promise<void>;
};

const DEFAULT_BEHAVIOUR: SimBehaviour = {
  tokenTtlMs: 60 * 60 * 1000,
  stopDelayMs: 0,
  migrationMs: 100,
  runPolls: 2,
  runOutcome: 'succeed',
  comparisonDifferences: 0,
};

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const logger = (options.logger ?? createLogger({ service: 'corehub-sim', level: 'silent' })).child({
    component: 'corehub-sim',
  });
  const initialFixture: ParsedFixture & { users: FixtureUser[] } = options.fixture
    ? parseFixture(options.fixture)
    : loadDemoFixture();
  const initialBehaviour = { ...DEFAULT_BEHAVIOUR, ...options.behaviour };
  const state = new SimState(initialFixture, { ...initialBehaviour });
  const journal = new Journal(options.journalLimit);
  const faults = new FaultRegistry();
  const hub = new ModuleHub({
    license: options.license,
    secret: options.jwtSecret ?? randomBytes(32).toString('hex'),
    tokenTtlMs: () => state.behaviour.tokenTtlMs,
    logger,
  });
  const automation = new SimAutomation(state);
  const webhooks = new SimWebhooks(() => {
    // The most recent module connection: the Chronos process CoreHub talks to last.
    const module = hub.connected().at(-1);
    if (!module) return undefined;
    const host = module.host.includes(':') ? `[${module.host}]` : module.host;
    return `${module.scheme}://${host}:${module.port}`;
  }, logger);
  state.onLifecycle((event) => {
    void webhooks.announce(event);
  });
  const controls: SimControls = {
    state,
    automation,
    journal,
    faults,
    hub,
    webhooks,
    reset: () => {
      state.load(initialFixture);
      state.behaviour = { ...initialBehaviour };
      automation.clear();
      webhooks.clear();
      journal.clear();
      faults.clear();
    },
    configure: (changes) => {
      state.behaviour = { ...state.behaviour, ...changes };
      return { ...state.behaviour };
    },
  };

  const app = createSimApp(controls, logger);
  const server: Server = options.tls
    ? createHttpsServer({ ...options.tls, rejectUnauthorized: options.tls.requestCert === true }, app)
    : createHttpServer(app);
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://sim').pathname;
    journal.record({
      kind: 'ws',
      method: req.method ?? 'GET',
      path,
      query: {},
      headers: { ...(req.headers as Record<string, string | string[]>) },
    });
    socket.on('error', () => undefined);
    if (path !== MODULE_PATH) {
      socket.destroy();
      return;
    }
    applyUpgradeFault(faults.take(req.method ?? 'GET', path), socket, () =>
      hub.handleUpgrade(req, socket, head),
    );
  });

  const host = options.host ?? '127.0.0.1';
  const address = await listen(server, options.port ?? 0, host);
  const scheme = options.tls ? 'https' : 'http';
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  let discovery: DiscoveryResponder | undefined;
  if (options.discovery) {
    discovery = await startDiscoveryResponder({
      host: options.discovery.host ?? host,
      port: options.discovery.port,
      advertisedHost: options.discovery.advertisedHost,
      scheme,
      httpPort: address.port,
      journal,
    });
  }
  logger.info({ port: address.port, scheme, discoveryPort: discovery?.port }, 'simulator listening');
  let stopping: Promise<void> | undefined;

  return {
    url: `${scheme}://${urlHost}:${address.port}`,
    port: address.port,
    discoveryPort: discovery?.port,
    state,
    journal: (filter) => journal.list(filter),
    clearJournal: () => journal.clear(),
    addFault: (spec) => faults.add(spec),
    listFaults: () => faults.list(),
    clearFaults: () => faults.clear(),
    dropModuleConnections: () => hub.dropConnections(),
    expireTokens: () => hub.expireTokens(),
    modules: () => hub.connected(),
    configure: controls.configure,
    webhooks: () => webhooks.read(),
    webhookDeliveries: () => webhooks.delivered(),
    setWebhookAddress: (address) => webhooks.setAddress(address),
    deliverWebhook: (webhookId, address) => webhooks.deliverNow(webhookId, address),
    reset: controls.reset,
    // Idempotent: tests and signal handlers may both stop it.
    stop: () => {
      stopping ??= (async () => {
        hub.close();
        state.dispose();
        await discovery?.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Hung (faulted) requests and keep-alive sockets would hold close() forever.
          server.closeAllConnections();
        });
      })();
      return stopping;
    },
  };
}

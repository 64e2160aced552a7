/** `@chronos/corehub/testing`: test helpers (devDependency use only). */
export {
  createFakeCoreHubClient,
  type FakeCoreHubClient,
  type FakeCoreHubHandler,
  type FakeCoreHubReply,
} from './fake-corehub-client.js';

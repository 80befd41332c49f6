// The core's implementation of the one Api contract, assembled from one module per domain.
// One instance per core; callers reach it through call-api.ts, which checks the input
// against shared/api-schema.ts and passes who is acting.
import type { AppInfo, PortcullisApi, PortcullisClient } from '../../../shared/api.js';
import type { Portcullis } from '../portcullis.js';
import { serversApi } from './servers-api.js';
import { grantsApi } from './grants-api.js';
import { policiesApi } from './policies-api.js';
import { policyReplayApi } from './policy-replay-api.js';
import { catalogApi, type CatalogApiOptions } from './catalog-api.js';
import { callsApi } from './calls-api.js';
import { approvalsApi } from './approvals-api.js';
import { settingsApi } from './settings-api.js';
import { demoApi } from './demo-api.js';
import { tryCallApi } from './try-call-api.js';
import { clientsApi, type ClientsApiOptions } from './clients-api.js';

export function createCoreApi(app: Portcullis, host: AppInfo['host'], options: CatalogApiOptions & { clients?: ClientsApiOptions } = {}): PortcullisClient {
  const api: PortcullisApi = {
    ...settingsApi(app, host),
    ...serversApi(app),
    ...grantsApi(app),
    ...policiesApi(app),
    ...policyReplayApi(app),
    ...catalogApi(app, options),
    ...callsApi(app),
    ...approvalsApi(app),
    ...tryCallApi(app),
    ...demoApi(app),
    ...clientsApi(app, options.clients),
  };
  return { ...api, subscribe: (listener) => app.events.subscribe(listener) };
}

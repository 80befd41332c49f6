// The Api's method and event names, from the one list in shared/ (kept free of zod so it
// stays out of the renderer bundle).
export { API_EVENT_NAMES, API_METHOD_NAMES } from '../../../../shared/api-names.js';

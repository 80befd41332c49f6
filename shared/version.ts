/** Portcullis's version, as the Api's getInfo and the telemetry's `service.version` report it. */
export const VERSION = '0.1.0';

// Api: the call log (query, stats, count, export).
import type { PortcullisApi } from '../../../shared/api.js';
import type { CallFilter } from '../../../shared/calls.js';
import type { Portcullis } from '../portcullis.js';

export function callsApi(app: Portcullis): Pick<PortcullisApi, 'queryCalls' | 'callStats' | 'countCalls' | 'exportCalls' | 'sessionTaint'> {
  return {
    sessionTaint: async ({ session }) => ({
      session,
      marks: app.sessionTaint(session).map((m) => ({ server: m.server, tool: m.tool, riskClass: m.riskClass, openWorldRead: m.openWorldRead, at: new Date(m.at).toISOString() })),
    }),
    queryCalls: (query) => app.calls.query(query as never),
    callStats: (query) => app.calls.stats(query as never),
    countCalls: (filter) => app.calls.count(filter as CallFilter),
    async exportCalls({ filter, format }) {
      let content = '';
      for await (const chunk of app.calls.export(filter as CallFilter, format)) content += chunk;
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      return {
        filename: `portcullis-calls-${stamp}.${format}`,
        contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
        content,
      };
    },
  };
}

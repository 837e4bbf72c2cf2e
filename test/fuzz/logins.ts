/**
 * How the fuzz suite logs in to each API — its demo module (src/apis/<name>/demo.ts: the documented
 * flow with the demo tenant's credentials) — and which secrets it then holds, which must never
 * reach the journal: what the flow sent and received, and the demo tenant's other secrets.
 */
import { vendors } from '../../src/apis/index.js';
import type { MockServer } from '../../src/engine/app.js';
import { demoLogin } from '../helpers.js';

export interface FuzzLogin {
  /** Headers that authenticate a request in `namespace`. */
  headers: Record<string, string>;
  /** Every secret the login used or received. */
  secrets: string[];
}

export const LOGINS: Record<string, (server: MockServer, namespace: string) => Promise<FuzzLogin>> = Object.fromEntries(
  vendors.map(({ demo }) => [
    demo.api,
    async (server: MockServer, namespace: string) => {
      const { headers, secrets } = await demoLogin(server, demo.api, { namespace });
      return { headers, secrets: [...secrets, ...demo.secrets] };
    },
  ]),
);

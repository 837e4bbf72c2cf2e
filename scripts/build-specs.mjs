/**
 * The second half of `npm run build` (after tsc): every spec in openapi/ as JSON in dist/openapi/,
 * which the server reads instead of the YAML while the YAML is not newer (see spec/load.ts).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeSpecCache } from '../dist/src/engine/spec/load.js';

const dir = fileURLToPath(new URL('../openapi/', import.meta.url));
for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n))) writeSpecCache(dir + name);

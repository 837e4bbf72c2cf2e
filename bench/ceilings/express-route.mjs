/**
 * A ceiling for `npm run bench`: a minimal Express 5 app with one route answering with the bytes of
 * the mock's read (a file) and its Content-Type, with the mock's own Express settings (no ETag, no
 * X-Powered-By) — what Express allows before the mock does any work of its own.
 *
 * @example
 *   node bench/ceilings/express-route.mjs 4102 /tmp/body.json application/json
 */
import { readFileSync } from 'node:fs';
import express from 'express';

const [port, file, type] = process.argv.slice(2);
const body = readFileSync(file);
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.get('/{*path}', (_req, res) => {
  res.type(type).send(body);
});
app.listen(Number(port), '127.0.0.1');

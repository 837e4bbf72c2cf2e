/**
 * A ceiling for `npm run bench`: a bare `node:http` server answering every request with the bytes
 * of the mock's read (a file) and its Content-Type — what Node itself allows on this machine.
 *
 * @example
 *   node bench/ceilings/bare-http.mjs 4101 /tmp/body.json application/json
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [port, file, type] = process.argv.slice(2);
const body = readFileSync(file);
const headers = { 'content-type': type, 'content-length': body.length };
http
  .createServer((req, res) => {
    req.resume();
    res.writeHead(200, headers);
    res.end(body);
  })
  .listen(Number(port), '127.0.0.1');

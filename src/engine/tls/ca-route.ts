/**
 * `GET /__admin/tls/ca.pem` (and `ca.crt`, the same certificate as DER with the type a phone's
 * browser offers to install): the mock's local CA, on the HTTP and the HTTPS port.
 *
 * Answered before the admin guard, without a token: it is public-key material — the certificate
 * every TLS client of the mock is shown anyway — and a phone or an emulator fetching it to trust
 * it has no token to send. The CA's key is never served (it is not in memory here at all). Without
 * HTTPS, or with the user's own certificate (`--tls-cert`), there is no CA of the mock's: a 404 in
 * the admin envelope says so.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { X509Certificate } from 'node:crypto';

export const CA_PATH = '/__admin/tls/ca.pem';
const CA_DER_PATH = '/__admin/tls/ca.crt';

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, head: boolean) {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(head ? undefined : body);
}

/** `handler` with the CA's two paths answered first; `why` says why there is no CA when `caPem` is undefined. */
export function withCaRoute(handler: RequestListener, caPem: string | undefined, why?: string): RequestListener {
  const der = caPem ? Buffer.from(new X509Certificate(caPem).raw) : undefined;
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== CA_PATH && path !== CA_DER_PATH) return handler(req, res);
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      res.setHeader('Allow', 'GET, HEAD');
      return send(
        res,
        405,
        'application/json',
        JSON.stringify({ error: `${path} is read with GET`, problems: [] }),
        false,
      );
    }
    if (!caPem || !der)
      return send(
        res,
        404,
        'application/json',
        JSON.stringify({
          error: 'this mock has no CA of its own',
          problems: [why ?? 'start it with --https-port N: it then makes a local CA and serves it here'],
        }),
        head,
      );
    if (path === CA_DER_PATH) return send(res, 200, 'application/x-x509-ca-cert', der, head);
    send(res, 200, 'application/x-pem-file', caPem, head);
  };
}

/** Whether a request carries a body, from its headers alone (the body itself may not be read yet). */
import type { IncomingHttpHeaders } from 'node:http';

export function hasBody(headers: IncomingHttpHeaders): boolean {
  return Number(headers['content-length'] ?? 0) > 0 || headers['transfer-encoding'] !== undefined;
}

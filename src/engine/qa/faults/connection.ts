/**
 * Breaking a connection on purpose, the ways a real client socket sees it: a reset, a close without a
 * byte, a body cut short, a body that is not JSON. Node's `http` only: no framework.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectionFault } from './types.js';

/**
 * `reset`: a TCP RST (the client sees ECONNRESET / "Connection reset by peer");
 * `empty`: the connection closes without a byte of response ("socket hang up" / "Empty reply from server").
 */
export function dropConnection(req: IncomingMessage, mode: 'reset' | 'empty'): void {
  const socket = req.socket;
  if (mode === 'reset' && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else if (mode === 'reset') socket.destroy();
  else socket.end(() => socket.destroy());
}

/**
 * Sends a reply broken on purpose. `truncated`: a Content-Length larger than the bytes that follow,
 * then the connection closes. `malformed`: a complete response whose JSON body does not parse.
 * Headers and status must already be set on `res`.
 */
export function sendCorrupted(
  res: ServerResponse,
  mode: Extract<ConnectionFault, 'truncated' | 'malformed'>,
  body: unknown,
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (mode === 'malformed') {
    let broken = text.slice(0, Math.ceil(text.length / 2)) || '{';
    if (parses(broken)) broken += '}';
    res.setHeader('Content-Length', Buffer.byteLength(broken));
    res.end(broken);
    return;
  }
  const full = Buffer.from(text);
  const sent = full.subarray(0, Math.floor(full.length / 2));
  res.setHeader('Content-Length', Math.max(full.length, 2));
  res.flushHeaders();
  if (sent.length) res.write(sent);
  // end() flushes what was written, then closes: the client is left short of Content-Length.
  const socket = res.socket;
  socket?.end(() => socket.destroy());
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

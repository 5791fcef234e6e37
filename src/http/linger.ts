// After refusing an upload as too large, the server answers at once and closes the connection
// without reading the rest (src/http/body.ts). Closing a socket with unread bytes in it makes the
// kernel send a reset, and a client still uploading then often loses the 413 it was sent: it sees
// "connection reset" instead of the error. So, like nginx's lingering close, the answer goes out,
// our side of the connection closes (FIN), and what the client still sends is read and thrown away
// for a bounded time and number of bytes; then the socket is destroyed. A client that reads its
// answer and closes ends it sooner.
import type { IncomingMessage } from 'node:http';

export const LINGER = { maxMs: 2_000, maxBytes: 4 * 1024 * 1024 };

export function lingerBeforeClosing(req: IncomingMessage, bounds = LINGER): void {
  const socket = req.socket;
  const close = () => socket.destroy();
  const timer = setTimeout(close, bounds.maxMs);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > bounds.maxBytes) close();
  });
  req.resume();
  // Node closes a `connection: close` response's socket with destroySoon() once the answer is
  // written; here that only ends our side, and reading goes on until the client closes or a bound.
  socket.destroySoon = () => socket.end();
}

// After refusing an upload as too large, the server answers at once and closes the connection
// without reading the rest (src/http/body.ts). Closing a socket with unread bytes in it makes the
// kernel send a reset, and a client still uploading then often loses the 413 it was sent: it sees
// "connection reset" instead of the error. So, like nginx's lingering close, once the answer has
// gone out our side of the connection closes (FIN), and what the client still sends is read and
// thrown away for a bounded time and number of bytes; then the socket is destroyed. A client that
// reads its answer and closes ends it sooner. Nothing the client sends after the refused request
// is served (RFC 9112 §9.6): the request handler ignores requests on a lingering connection.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

export const LINGER = { maxMs: 2_000, maxBytes: 4 * 1024 * 1024 };

/** One server's lingering connections. */
export class LingeringConnections {
  /** Bytes read off and thrown away, per connection: the refused body and anything pipelined behind it. */
  private readonly discarded = new Map<Socket, { bytes: number }>();

  constructor(private readonly bounds = LINGER) {}

  /** True once the connection's last answer (a refusal of an unread body) is on its way: serve nothing more on it. */
  has(socket: Socket): boolean {
    return this.discarded.has(socket);
  }

  /** Call before sending the refusal of `req`, whose body was left unread; the answer must ask to close the connection. */
  linger(req: IncomingMessage): void {
    const socket = req.socket;
    if (this.discarded.has(socket)) return this.discard(req);
    this.discarded.set(socket, { bytes: 0 });
    socket.once('close', () => this.discarded.delete(socket));
    this.discard(req);
    // Node closes a `connection: close` response's socket with destroySoon() once that answer (and
    // any pipelined before it) is written: from there, only our side ends, and the bounded wait starts.
    socket.destroySoon = () => {
      socket.end();
      const timer = setTimeout(() => socket.destroy(), this.bounds.maxMs);
      timer.unref();
      socket.once('close', () => clearTimeout(timer));
    };
  }

  /** Reads off and throws away `req`'s body (a request on a lingering connection), counted against the connection's bound. */
  discard(req: IncomingMessage): void {
    const socket = req.socket;
    const counted = this.discarded.get(socket);
    if (!counted) return;
    req.on('data', (chunk: Buffer) => {
      counted.bytes += chunk.length;
      if (counted.bytes > this.bounds.maxBytes) socket.destroy();
    });
    req.resume();
  }

  /** On shutdown: a lingering connection owes nobody an answer any more, so the drain need not wait for it. */
  closeAll(): void {
    for (const socket of this.discarded.keys()) socket.destroy();
  }
}

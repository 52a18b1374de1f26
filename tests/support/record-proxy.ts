/**
 * A recording HTTP proxy on 127.0.0.1 for the Firefox lane. Firefox is pointed at it for every scheme,
 * localhost included, so every request the browser makes (tabs, frames, the extension's background page)
 * passes here and is recorded. Loopback requests are forwarded to the local test server; anything else is
 * recorded and answered 502 here, so nothing ever leaves the machine.
 */
import { createServer, request, type Server } from 'node:http';
import type { Socket } from 'node:net';

export interface RecordProxy {
  port: number;
  /** Every URL requested since the last call (CONNECT tunnels as `https://host:port/`). */
  take(): string[];
  close(): Promise<void>;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export async function startRecordProxy(): Promise<RecordProxy> {
  let seen: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '';
    seen.push(url);
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (!LOOPBACK.has(target.hostname)) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end('blocked by the test proxy');
      return;
    }
    const upstream = request(
      {
        host: '127.0.0.1',
        port: target.port || 80,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.headersSent || res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req, socket: Socket) => {
    seen.push(`https://${req.url ?? ''}/`);
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    take: () => {
      const out = seen;
      seen = [];
      return out;
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

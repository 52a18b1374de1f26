/**
 * A static file server on localhost for the end-to-end tests, the demo and the benchmark: serves
 * tests/pages/ and any extra routes a caller registers (generated pages). Binds to 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PAGES_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../pages');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.json': 'application/json',
  '.xhtml': 'application/xhtml+xml',
};

export interface Route {
  body: string | Buffer;
  type?: string;
  headers?: Record<string, string>;
  /** Sends the body but keeps the response open until `release(path)`: a page still loading. */
  hold?: boolean;
}

export interface TestServer {
  origin: string;
  /** Same server under another host name (a second origin for cross-origin frames). */
  otherOrigin: string;
  url(path: string): string;
  route(path: string, route: Route): void;
  /** Ends the held responses of a `hold` route (the page finishes loading). */
  release(path: string): void;
  close(): Promise<void>;
}

/** Headers a fixture asks for, from a `<!-- headers: Name: value | Name: value -->` first line. */
function headersFromFixture(text: string): Record<string, string> {
  const m = /^<!-- headers: (.*?) -->/.exec(text);
  if (!m) return {};
  return Object.fromEntries(
    m[1]!.split(' | ').map((h) => {
      const i = h.indexOf(':');
      return [h.slice(0, i).trim(), h.slice(i + 1).trim()];
    }),
  );
}

export async function startServer(dir = PAGES_DIR): Promise<TestServer> {
  const routes = new Map<string, Route>();
  const held = new Map<string, ServerResponse[]>();
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const route = routes.get(path);
    if (route) {
      res.writeHead(200, { 'content-type': route.type ?? 'text/html; charset=utf-8', ...route.headers });
      if (route.hold) {
        res.write(route.body);
        held.set(path, [...(held.get(path) ?? []), res]);
      } else res.end(route.body);
      return;
    }
    const file = normalize(join(dir, path));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const headers = type.startsWith('text/html') ? headersFromFixture(body.subarray(0, 400).toString('utf8')) : {};
      res.writeHead(200, { 'content-type': type, ...headers });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  };
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const origin = `http://localhost:${port}`;
  return {
    origin,
    otherOrigin: `http://127.0.0.1:${port}`,
    url: (p) => origin + (p.startsWith('/') ? p : `/${p}`),
    route: (p, r) => void routes.set(p, r),
    release: (p) => {
      for (const res of held.get(p) ?? []) res.end();
      held.delete(p);
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

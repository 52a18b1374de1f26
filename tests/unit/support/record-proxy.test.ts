/**
 * The Firefox lane's privacy check rests on this proxy: it must record every request, forward loopback
 * ones, and answer the rest itself so nothing leaves the machine.
 */
import { createServer, request, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordProxy, type RecordProxy } from '../../support/record-proxy';

let upstream: Server;
let upstreamPort: number;
let upstreamHits: string[] = [];
let proxy: RecordProxy;

/** An HTTP request sent through the proxy, as a browser configured with it sends one (absolute URL). */
function viaProxy(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: proxy.port, path: url, method: 'GET', headers: { host: new URL(url).host } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  upstream = createServer((req, res) => {
    upstreamHits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`served ${req.url}`);
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamPort = (upstream.address() as { port: number }).port;
  proxy = await startRecordProxy();
});

afterAll(async () => {
  await proxy.close();
  await new Promise((r) => upstream.close(r));
});

describe('record proxy', () => {
  it.each(['localhost', '127.0.0.1'])(
    'forwards a loopback request (%s) to the local server and records it',
    async (host) => {
      upstreamHits = [];
      const url = `http://${host}:${upstreamPort}/page.html?q=1`;
      const res = await viaProxy(url);
      expect(res).toEqual({ status: 200, body: 'served /page.html?q=1' });
      expect(upstreamHits).toEqual(['/page.html?q=1']);
      expect(proxy.take()).toEqual([url]);
      expect(proxy.take()).toEqual([]);
    },
  );

  it('answers any other host itself (502) and records it', async () => {
    const res = await viaProxy('http://example.invalid/track?id=1');
    expect(res.status).toBe(502);
    expect(proxy.take()).toEqual(['http://example.invalid/track?id=1']);
  });

  it('records a CONNECT tunnel (https, websockets) and refuses it', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(proxy.port, '127.0.0.1', () =>
        socket.write('CONNECT example.invalid:443 HTTP/1.1\r\nHost: example.invalid:443\r\n\r\n'),
      );
      let got = '';
      socket.on('data', (d) => (got += d.toString('latin1')));
      socket.on('end', () => resolve(got));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 502/);
    expect(proxy.take()).toEqual(['https://example.invalid:443/']);
  });
});

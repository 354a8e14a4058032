/**
 * A local HTTP server for tests, on 127.0.0.1 only. Routes are keyed by pathname; a route answers
 * with a fixed response, a function of the request (e.g. of `$offset`), or a queue consumed one
 * request at a time ("first 503, then the body").
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname } from 'node:path';
import { afterEach } from 'vitest';

export interface FixtureResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  contentType?: string;
  /** Wait this long before sending anything (to trigger client timeouts). */
  delayMs?: number;
  /** Declare the full Content-Length, send only this many bytes (true: half), then cut the connection. */
  truncate?: boolean | number;
  /** Send the body in chunks with no Content-Length (Transfer-Encoding: chunked). */
  chunked?: boolean;
}

export interface FixtureRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  pathname: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Date.now() when the request arrived. */
  at: number;
}

export type Responder = FixtureResponse | ((req: FixtureRequest) => FixtureResponse);
export type Route = Responder | Responder[];

export interface FixtureServer {
  /** e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  requests: FixtureRequest[];
  close(): Promise<void>;
}

export function serveFile(path: string, response: Omit<FixtureResponse, 'body'> = {}): Responder {
  const types: Record<string, string> = {
    '.csv': 'text/csv',
    '.json': 'application/json',
    '.html': 'text/html',
  };
  return () => ({
    contentType: types[extname(path).toLowerCase()] ?? 'application/octet-stream',
    ...response,
    body: readFileSync(path),
  });
}

export async function startFixtureServer(routes: Record<string, Route>): Promise<FixtureServer> {
  const requests: FixtureRequest[] = [];
  const queues = new Map<string, Responder[]>();
  for (const [path, route] of Object.entries(routes)) if (Array.isArray(route)) queues.set(path, [...route]);
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const pick = (req: FixtureRequest): FixtureResponse => {
    const route = routes[req.pathname];
    if (route === undefined) return { status: 404, body: `no fixture route for ${req.pathname}` };
    let responder: Responder | undefined;
    if (Array.isArray(route)) {
      responder = queues.get(req.pathname)?.shift();
      if (responder === undefined)
        return { status: 500, body: `fixture queue for ${req.pathname} is exhausted` };
    } else {
      responder = route;
    }
    return typeof responder === 'function' ? responder(req) : responder;
  };

  const send = (res: ServerResponse, r: FixtureResponse) => {
    if (res.destroyed) return;
    const body = typeof r.body === 'string' ? Buffer.from(r.body) : Buffer.from(r.body ?? []);
    const headers: Record<string, string> = { 'content-type': r.contentType ?? 'text/plain' };
    if (!r.chunked) headers['content-length'] = String(body.length);
    for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = v;
    res.writeHead(r.status ?? 200, headers);
    if (r.chunked) {
      for (let i = 0; i < body.length; i += 1024) res.write(body.subarray(i, i + 1024));
      res.end();
      return;
    }
    if (r.truncate === undefined || r.truncate === false) {
      res.end(body);
      return;
    }
    const sent = r.truncate === true ? Math.floor(body.length / 2) : r.truncate;
    res.write(body.subarray(0, sent), () => res.socket?.destroy());
  };

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const parsed = new URL(url, 'http://127.0.0.1');
    const request: FixtureRequest = {
      method: req.method ?? 'GET',
      url,
      pathname: parsed.pathname,
      query: parsed.searchParams,
      headers: req.headers,
      at: Date.now(),
    };
    requests.push(request);
    const response = pick(request);
    if (!response.delayMs) return send(res, response);
    const timer = setTimeout(() => {
      timers.delete(timer);
      send(res, response);
    }, response.delayMs);
    timers.add(timer);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        // Keep-alive and delayed sockets would otherwise hold server.close() open.
        for (const s of sockets) s.destroy();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** For a test file or describe block: `serve` starts a fixture server that is closed after each test. */
export function fixtureServersPerTest(): (routes: Record<string, Route>) => Promise<FixtureServer> {
  const servers: FixtureServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });
  return async (routes) => {
    const server = await startFixtureServer(routes);
    servers.push(server);
    return server;
  };
}

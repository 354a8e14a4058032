/**
 * A small forward proxy for tests, on 127.0.0.1 only, as a corporate proxy answers: CONNECT host:port opens a
 * tunnel (what undici's ProxyAgent sends for every target), an absolute-form request (`GET http://host/path`) is
 * relayed. Each relayed request is recorded with its target and, for a plain-HTTP tunnel, the request line and
 * User-Agent that went through it.
 */
import { createServer, request as httpRequest } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';

export interface RelayedRequest {
  method: 'CONNECT' | string;
  /** host:port of the target. */
  target: string;
  /** The first request line sent inside a plain-HTTP tunnel, or of an absolute-form request. */
  requestLine?: string;
  userAgent?: string;
}

export interface ForwardProxy {
  /** e.g. http://127.0.0.1:40125 */
  url: string;
  relayed: RelayedRequest[];
  close(): Promise<void>;
}

export async function startForwardProxy(): Promise<ForwardProxy> {
  const relayed: RelayedRequest[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    // Absolute-form: GET http://127.0.0.1:PORT/path HTTP/1.1
    const target = new URL(req.url ?? '');
    relayed.push({
      method: req.method ?? 'GET',
      target: target.host,
      requestLine: `${req.method} ${target.pathname}${target.search}`,
      userAgent: req.headers['user-agent'],
    });
    const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end('bad gateway'));
    req.pipe(upstream);
  });

  server.on('connect', (req, client: Socket, head: Buffer) => {
    const entry: RelayedRequest = { method: 'CONNECT', target: req.url ?? '' };
    relayed.push(entry);
    const [host = '', port = '443'] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    // For a plain-HTTP target the tunnel carries readable HTTP: note the first request's line and User-Agent.
    client.once('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      const [line] = text.split('\r\n');
      if (line && /^[A-Z]+ \S+ HTTP\/1\.[01]$/.test(line)) {
        entry.requestLine = line.replace(/ HTTP\/1\.[01]$/, '');
        entry.userAgent = /\r\nuser-agent: ([^\r\n]*)/i.exec(text)?.[1];
      }
    });
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', closeBoth);
    client.on('error', closeBoth);
    client.on('close', closeBoth);
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
    relayed,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const s of sockets) s.destroy();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

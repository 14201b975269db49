import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on loopback: records every request and answers the statuses it is told. */
export interface Receiver {
  url: string;
  received: Received[];
  /** statuses to answer, in turn; once used up, `otherwise` */
  answer(statuses: number[], otherwise?: number): void;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 (port chosen by the system). */
export async function startReceiver(path = '/hooks/blinkpost'): Promise<Receiver> {
  const received: Received[] = [];
  let queue: number[] = [];
  let fallback = 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(queue.shift() ?? fallback, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    answer(statuses, otherwise = 200) {
      queue = [...statuses];
      fallback = otherwise;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

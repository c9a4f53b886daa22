// A proxy in front of the emulator that writes down the AWS operation of
// every request it forwards: a command pointed at it (--endpoint-url) is
// seen whole, whatever clients it builds, as AWS would see its calls.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The proxy's endpoint, the operations seen so far, and how to stop it. */
export interface RecordingProxy {
  endpoint: string;
  /** Operations in the order they came, e.g. `DescribeSecurityGroups`. */
  operations: string[];
  /** How many times each operation came. */
  counts(): Record<string, number>;
  close(): Promise<void>;
}

/** Start a recording proxy on a free loopback port, forwarding to `to`. */
export async function recordingProxy(to: string): Promise<RecordingProxy> {
  const upstream = new URL(to);
  const operations: string[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      operations.push(operationOf(request, body));
      const forwarded = http.request({
        hostname: upstream.hostname, port: upstream.port,
        method: request.method, path: request.url, headers: request.headers,
      }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      forwarded.on('error', (error) => {
        response.writeHead(502).end(String(error));
      });
      forwarded.end(body);
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    operations,
    counts: () => {
      const counts: Record<string, number> = {};
      for (const op of operations) counts[op] = (counts[op] ?? 0) + 1;
      return counts;
    },
    close: () => new Promise((closed) => {
      server.closeAllConnections();
      server.close(() => closed());
    }),
  };
}

/**
 * The operation of a request: the `Action` of the query protocol (EC2,
 * STS), else the JSON protocols' `X-Amz-Target` (`Service.Operation`).
 */
function operationOf(request: http.IncomingMessage, body: Buffer): string {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').at(-1) ?? target;
  const action = new URLSearchParams(body.toString('utf8')).get('Action');
  return action ?? `${request.method} ${request.url}`;
}

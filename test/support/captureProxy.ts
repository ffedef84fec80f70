/**
 * A TCP proxy in front of the real test server that records what clients send: a test
 * points a connection at it and reads afterwards whether a password message ever went
 * through. With no upstream it only listens and records (nothing answers).
 */
import net from 'node:net';

export interface CapturedSession {
  /** Bytes the client sent, in order. */
  sent: Buffer;
}

export interface CaptureProxy {
  port: number;
  sessions: CapturedSession[];
  /** Frontend message types the client sent after its startup packet, per session (`p` = password / SASL response). */
  messageTypes(): string[][];
  close(): Promise<void>;
}

/** The frontend message types in a client's byte stream (SSLRequest/GSSENCRequest and the startup packet skipped). */
export function frontendMessageTypes(bytes: Buffer): string[] {
  const types: string[] = [];
  let i = 0;
  let startupDone = false;
  while (i + 4 <= bytes.length) {
    if (!startupDone) {
      const len = bytes.readInt32BE(i);
      const code = i + 8 <= bytes.length ? bytes.readInt32BE(i + 4) : 0;
      i += len;
      // 80877103 SSLRequest, 80877104 GSSENCRequest: the startup packet follows
      startupDone = code !== 80877103 && code !== 80877104;
      continue;
    }
    if (i + 5 > bytes.length) {
      break;
    }
    types.push(String.fromCharCode(bytes[i]!));
    i += 1 + bytes.readInt32BE(i + 1);
  }
  return types;
}

export async function captureProxy(upstream: { host: string; port: number } | null): Promise<CaptureProxy> {
  const sessions: CapturedSession[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const session: CapturedSession = { sent: Buffer.alloc(0) };
    sessions.push(session);
    sockets.add(client);
    client.on('data', (d: Buffer) => (session.sent = Buffer.concat([session.sent, d])));
    client.on('error', () => undefined);
    client.on('close', () => sockets.delete(client));
    if (upstream) {
      const up = net.connect(upstream.port, upstream.host);
      sockets.add(up);
      up.on('error', () => client.destroy());
      up.on('close', () => {
        sockets.delete(up);
        client.destroy();
      });
      client.on('close', () => up.destroy());
      client.pipe(up);
      up.pipe(client);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    sessions,
    messageTypes: () => sessions.map((s) => frontendMessageTypes(s.sent)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) {
          s.destroy();
        }
        server.close(() => resolve());
      }),
  };
}

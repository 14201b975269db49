import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * Just enough of an IMAP4rev1 server on loopback to log in and out: a greeting, CAPABILITY,
 * LOGIN (one user and password; no AUTHENTICATE), LOGOUT, and OK to anything else. Real IMAP (Dovecot) runs in CI;
 * this stands in for it where a test only needs a login to succeed or fail.
 */
export interface ImapResponder {
  port: number;
  /** LOGIN attempts seen, as `user` */
  logins: string[];
  close(): Promise<void>;
}

const GREETING = 'Blinkpost test IMAP ready';

/** Reads an IMAP astring: a quoted string or an atom; answers it and the rest of the line. */
function astring(s: string): [string, string] {
  const t = s.trimStart();
  if (t.startsWith('"')) {
    let out = '';
    let i = 1;
    for (; i < t.length && t[i] !== '"'; i++) out += t[i] === '\\' ? t[++i] : t[i];
    return [out, t.slice(i + 1)];
  }
  const end = t.indexOf(' ');
  return end === -1 ? [t, ''] : [t.slice(0, end), t.slice(end + 1)];
}

/** Starts the responder on 127.0.0.1 at a free port. */
export async function startImapResponder(opts: { user: string; password: string }): Promise<ImapResponder> {
  const logins: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.write(`* OK [CAPABILITY IMAP4rev1] ${GREETING}\r\n`);
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\r\n')) !== -1) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const [tag = '*', command = '', ...rest] = line.split(' ');
        const args = rest.join(' ');
        switch (command.toUpperCase()) {
          case 'CAPABILITY':
            socket.write(`* CAPABILITY IMAP4rev1\r\n${tag} OK CAPABILITY completed\r\n`);
            break;
          case 'LOGIN': {
            const [user, after] = astring(args);
            const [password] = astring(after);
            logins.push(user);
            socket.write(
              user === opts.user && password === opts.password
                ? `${tag} OK [CAPABILITY IMAP4rev1] LOGIN completed\r\n`
                : `${tag} NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)\r\n`,
            );
            break;
          }
          case 'AUTHENTICATE':
            socket.write(`${tag} NO AUTHENTICATE is not supported here; use LOGIN\r\n`);
            break;
          case 'LOGOUT':
            socket.end(`* BYE Logging out\r\n${tag} OK LOGOUT completed\r\n`);
            break;
          default:
            socket.write(`${tag} OK ${command} completed\r\n`);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    logins,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on 127.0.0.1 that keeps what it receives (or refuses it, to test retries). */
export interface TestSmtp {
  url: string;
  received: ParsedMail[];
  attempts: number;
  failNext: number;
  /** Errors of client connections (e.g. ECONNRESET when the sending process was killed). */
  connectionErrors: Error[];
  close(): Promise<void>;
}

/** `delayMs`: how long the server takes before it accepts each message (a slow relay). */
export async function startSmtp(opts: { delayMs?: number } = {}): Promise<TestSmtp> {
  const state = { received: [] as ParsedMail[], attempts: 0, failNext: 0, connectionErrors: [] as Error[] };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream: NodeJS.ReadableStream, _session: unknown, callback: (err?: Error) => void) {
      state.attempts += 1;
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      // A failure while receiving goes back to the client as an SMTP error (never an unhandled rejection).
      stream.on(
        'end',
        () =>
          void (async () => {
            if (state.failNext > 0) {
              state.failNext -= 1;
              const err = Object.assign(new Error('451 Mailbox temporarily unavailable'), { responseCode: 451 });
              return callback(err);
            }
            const parsed = await simpleParser(Buffer.concat(chunks));
            if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
            state.received.push(parsed);
            callback();
          })().catch(callback),
      );
    },
  });
  // A client that dies mid-transaction (the crash test SIGKILLs the API while it sends) resets its connection:
  // smtp-server re-emits that ECONNRESET on the server, which would be an uncaught error without a listener.
  server.on('error', (err: Error) => state.connectionErrors.push(err));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    get received() {
      return state.received;
    },
    get attempts() {
      return state.attempts;
    },
    get connectionErrors() {
      return state.connectionErrors;
    },
    get failNext() {
      return state.failNext;
    },
    set failNext(n: number) {
      state.failNext = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  } as TestSmtp;
}

export async function waitFor<T>(fn: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}

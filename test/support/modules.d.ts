// Packages used by tests only, without bundled types.
declare module 'smtp-server' {
  export class SMTPServer {
    constructor(options: Record<string, unknown>);
    server: import('node:net').Server;
    listen(port: number, host: string, cb: () => void): void;
    close(cb: () => void): void;
    /** smtp-server re-emits a client connection's error (e.g. ECONNRESET) on the server. */
    on(event: 'error', listener: (err: Error) => void): this;
  }
}
declare module 'mailparser' {
  export interface AddressObject {
    text: string;
    value: { name: string; address?: string }[];
  }
  export interface ParsedMail {
    messageId?: string;
    subject?: string;
    text?: string;
    html?: string | false;
    to?: AddressObject;
    cc?: AddressObject;
    from?: AddressObject;
    replyTo?: AddressObject;
    attachments: { filename?: string; contentType: string; content: Buffer }[];
  }
  export function simpleParser(source: Buffer): Promise<ParsedMail>;
}

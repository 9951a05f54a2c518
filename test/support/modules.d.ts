// Packages used by tests only, without bundled types.
declare module 'smtp-server' {
  export class SMTPServer {
    constructor(options: Record<string, unknown>);
    server: import('node:net').Server;
    listen(port: number, host: string, cb: () => void): void;
    close(cb: () => void): void;
  }
}
declare module 'mailparser' {
  export interface ParsedMail {
    messageId?: string;
    subject?: string;
    text?: string;
    html?: string | false;
    to?: { text: string };
    cc?: { text: string };
    from?: { text: string };
    attachments: { filename?: string; contentType: string; content: Buffer }[];
  }
  export function simpleParser(source: Buffer): Promise<ParsedMail>;
}

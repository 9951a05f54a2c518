import { ApiId } from '../common/openapi';

/** What the server uses where the organization sets nothing (MAIL_FROM, MAIL_REPLY_TO). */
export class MailDefaultsView {
  /** MAIL_FROM's name; '' when it has none */
  senderName: string;
  /** MAIL_FROM's address: invoice e-mails are always sent from it */
  senderAddress: string;
  /** MAIL_REPLY_TO; null: no Reply-To */
  replyToEmail: string | null;
}

/** The caller's organization and its invoice e-mail settings. */
export class OrganizationView {
  @ApiId() id: string;
  /** Printed on invoices and in invoice e-mails */
  name: string;
  /** The default IANA time zone of new associations (ORG_TIME_ZONE at first start) */
  timeZone: string;
  /** The From name of invoice e-mails; null: the server's default applies (`defaults.senderName`) */
  senderName: string | null;
  /** Where replies to invoice e-mails go; null: the server's default applies (`defaults.replyToEmail`) */
  replyToEmail: string | null;
  defaults: MailDefaultsView;
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organization's own invoice e-mail settings (Settings > Organization, PATCH /organization): the sender
 * name shown in From and the Reply-To address. NULL means "the server's default" (MAIL_FROM's name,
 * MAIL_REPLY_TO). The seller profile of a later issue adds its columns to this same table.
 */
export class OrganizationMail1764500000000 implements MigrationInterface {
  name = 'OrganizationMail1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organizations
        ADD COLUMN mail_sender_name text CHECK (char_length(mail_sender_name) BETWEEN 1 AND 100),
        ADD COLUMN mail_reply_to text CHECK (char_length(mail_reply_to) BETWEEN 3 AND 254);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE organizations DROP COLUMN mail_sender_name, DROP COLUMN mail_reply_to');
  }
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('organizations')
export class OrganizationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text', { name: 'time_zone' }) timeZone: string;
  /** Sender name of invoice e-mails; null: MAIL_FROM's name. */
  @Column('text', { name: 'mail_sender_name', nullable: true }) mailSenderName: string | null;
  /** Reply-To of invoice e-mails; null: MAIL_REPLY_TO (or none). */
  @Column('text', { name: 'mail_reply_to', nullable: true }) mailReplyTo: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

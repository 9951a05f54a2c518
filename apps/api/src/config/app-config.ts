import { DEFAULT_BILL_NUMBER_PREFIX, DEFAULT_CREDIT_NOTE_PREFIX, isTimeZone } from '@app/billing';
import { DEFAULT_RETRY_SCHEDULE_SECONDS, parseRetrySchedule } from '../webhooks/retry-schedule';
import { parseImportSecretKey } from '../imports/connectors/connector-secrets';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** Every setting the API reads, validated once at start-up. Documented in README.md ("Configuration"). */
export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  embeddedPgPort: number | null;
  jwtSecret: string | null;
  jwtExpiresInSeconds: number;
  orgName: string;
  orgTimeZone: string;
  adminEmail: string;
  adminPassword: string;
  billNumberPrefix: string;
  /** Prefix of credit notes, their own gapless series (supplementary invoices are numbered as invoices). */
  creditNotePrefix: string;
  /** Queue the invoice e-mail of each document issued for a customer with automatic sending on (an operator's off switch). */
  invoiceAutoSend: boolean;
  billingCron: string;
  billingCronEnabled: boolean;
  outboxCron: string;
  /** When the archive worker renders the PDFs of documents issued since (PDF_ARCHIVE_CRON). */
  pdfArchiveCron: string;
  /** Off: issued documents are archived at their first download or e-mail only. */
  pdfArchiveEnabled: boolean;
  smtpUrl: string | null;
  mailFrom: string;
  /** Reply-To of invoice e-mails for organizations that set none (Settings > Organization); null: none. */
  mailReplyTo: string | null;
  mailDir: string;
  chromiumPath: string | null;
  pdfConcurrency: number;
  mailMaxAttempts: number;
  mailRetryBaseSeconds: number;
  /** How long a claimed e-mail stays claimed: a process that dies mid-send has it sent again after this. */
  mailLeaseSeconds: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  adminDistDir: string;
  loginRateLimitPerMinute: number;
  /** When the webhook worker looks for due deliveries (docs/WEBHOOKS.md). */
  webhookCron: string;
  /** Deliver to private, loopback, link-local… addresses too (tests, a receiver on the LAN). */
  webhookAllowPrivateAddresses: boolean;
  /** Accept http:// endpoint URLs (else https:// only). */
  webhookAllowHttp: boolean;
  /** One delivery attempt's time limit (resolving, connecting, the answer). */
  webhookTimeoutMs: number;
  webhookMaxAttempts: number;
  /** Waits after each failed attempt, in seconds (the last one repeats); ±10 % jitter. */
  webhookRetryScheduleSeconds: number[];
  /** How long a claimed delivery stays claimed: one whose process died mid-send is sent again after this. */
  webhookLeaseSeconds: number;
  /** Deliveries in flight at once per instance. */
  webhookConcurrency: number;
  /** The key signing secrets are encrypted with (≥ 32 characters); null: derived from the JWT secret. */
  webhookSecretKey: string | null;
  /**
   * IMPORT_SECRET_KEY as given (32 bytes, hex or base64), the key of the connectors' OAuth secrets; null: derived from
   * JWT_SECRET (HKDF) when that is set (every instance shares it), else generated into DATA_DIR.
   */
  importSecretKey: string | null;
  /** Off: no scheduled pulls of import connectors (POST /import-connectors/:id/pull still works). */
  importConnectorsEnabled: boolean;
  /** How often the connector scheduler looks for due connectors, in seconds. */
  importConnectorsTickSeconds: number;
  /** Zoho Accounts base URL instead of the data centre's (tests: a local server); null: https://accounts.zoho.<dc>. */
  zohoAccountsUrl: string | null;
  /** Zoho Assist base URL instead of the data centre's (tests: a local server); null: https://assist.zoho.<dc>. */
  zohoAssistUrl: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads and validates the environment. Throws ConfigError naming every bad variable. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const problems: string[] = [];
  const str = (name: string, fallback: string): string => {
    const v = env[name];
    return v === undefined || v === '' ? fallback : v;
  };
  const optional = (name: string): string | null => {
    const v = env[name];
    return v === undefined || v === '' ? null : v;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return Number(raw);
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (/^(true|1|yes|on)$/i.test(raw)) return true;
    if (/^(false|0|no|off)$/i.test(raw)) return false;
    problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  };
  const path = (name: string, fallback: string): string => {
    const v = str(name, fallback);
    return isAbsolute(v) ? v : resolve(cwd, v);
  };

  const databaseUrl = optional('DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const jwtSecret = optional('JWT_SECRET');
  if (databaseUrl && !jwtSecret) {
    problems.push('JWT_SECRET is required when DATABASE_URL is set (several instances must share it)');
  }
  if (jwtSecret && jwtSecret.length < 16) problems.push('JWT_SECRET must be at least 16 characters');

  // Half the rule here (Intl knows it); whether PostgreSQL knows it too is checked once connected (checkOrgTimeZone).
  const orgTimeZone = str('ORG_TIME_ZONE', 'UTC');
  if (!isTimeZone(orgTimeZone)) problems.push(orgTimeZoneMessage(orgTimeZone));

  const adminEmail = str('ADMIN_EMAIL', 'admin@example.com');
  if (!/^[^\s@]+@[^\s@]+$/.test(adminEmail)) problems.push('ADMIN_EMAIL must be an e-mail address');
  const adminPassword = str('ADMIN_PASSWORD', 'change-me-now');
  if (adminPassword.length < 8) problems.push('ADMIN_PASSWORD must be at least 8 characters');

  const logLevel = str('LOG_LEVEL', 'info');
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const billingCron = str('BILLING_CRON', '5 * * * *');
  const outboxCron = str('OUTBOX_CRON', '*/10 * * * * *');
  const pdfArchiveCron = str('PDF_ARCHIVE_CRON', '*/30 * * * * *');
  const webhookCron = str('WEBHOOK_CRON', '*/5 * * * * *');
  for (const [name, value] of [
    ['BILLING_CRON', billingCron],
    ['OUTBOX_CRON', outboxCron],
    ['PDF_ARCHIVE_CRON', pdfArchiveCron],
    ['WEBHOOK_CRON', webhookCron],
  ]) {
    if (!/^(\S+\s+){4,5}\S+$/.test(value.trim())) problems.push(`${name} must be a cron expression (got "${value}")`);
  }
  const mailReplyTo = optional('MAIL_REPLY_TO');
  if (mailReplyTo && !/^[^\s@<>",]+@[^\s@<>",]+$/.test(mailReplyTo))
    problems.push(`MAIL_REPLY_TO must be one e-mail address (got "${mailReplyTo}")`);
  const smtpUrl = optional('SMTP_URL');
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must be an smtp:// or smtps:// URL');

  const webhookRetryRaw = optional('WEBHOOK_RETRY_SCHEDULE');
  const webhookRetrySchedule = webhookRetryRaw === null ? [...DEFAULT_RETRY_SCHEDULE_SECONDS] : parseRetrySchedule(webhookRetryRaw);
  if (!webhookRetrySchedule) {
    problems.push(`WEBHOOK_RETRY_SCHEDULE must be 1 to 50 comma-separated delays in seconds, each 0 to 604800 (got "${webhookRetryRaw}")`);
  }
  const webhookSecretKey = optional('WEBHOOK_SECRET_KEY');
  if (webhookSecretKey !== null && webhookSecretKey.length < 32) problems.push('WEBHOOK_SECRET_KEY must be at least 32 characters');

  const importSecretKey = optional('IMPORT_SECRET_KEY');
  if (importSecretKey !== null && !parseImportSecretKey(importSecretKey)) {
    problems.push(
      'IMPORT_SECRET_KEY must be 32 bytes written as 64 hex digits or as base64 (e.g. the output of `openssl rand -base64 32`)',
    );
  }
  const baseUrl = (name: string): string | null => {
    const v = optional(name);
    if (v === null) return null;
    if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(v)) {
      problems.push(`${name} must be an http:// or https:// URL without query (got "${v}")`);
      return null;
    }
    return v.replace(/\/+$/, '');
  };

  const dataDir = path('DATA_DIR', '.data');
  const embeddedPgPortRaw = optional('EMBEDDED_PG_PORT');
  const config: AppConfig = {
    port: int('PORT', 3000, 0, 65535),
    host: str('HOST', '0.0.0.0'),
    databaseUrl,
    dataDir,
    embeddedPgPort: embeddedPgPortRaw === null ? null : int('EMBEDDED_PG_PORT', 0, 1, 65535),
    jwtSecret,
    jwtExpiresInSeconds: int('JWT_EXPIRES_IN', 3600, 60, 7 * 24 * 3600),
    orgName: str('ORG_NAME', 'My Organization'),
    orgTimeZone,
    adminEmail: adminEmail.toLowerCase(),
    adminPassword,
    billNumberPrefix: str('BILL_NUMBER_PREFIX', DEFAULT_BILL_NUMBER_PREFIX),
    creditNotePrefix: str('CREDIT_NOTE_PREFIX', DEFAULT_CREDIT_NOTE_PREFIX),
    invoiceAutoSend: bool('INVOICE_AUTO_SEND', true),
    billingCron,
    billingCronEnabled: bool('BILLING_CRON_ENABLED', true),
    outboxCron,
    pdfArchiveCron,
    pdfArchiveEnabled: bool('PDF_ARCHIVE_ENABLED', true),
    smtpUrl,
    mailFrom: str('MAIL_FROM', 'Remote Billing <billing@localhost>'),
    mailReplyTo,
    mailDir: path('MAIL_DIR', resolve(dataDir, 'outbox')),
    chromiumPath: optional('CHROMIUM_PATH'),
    pdfConcurrency: int('PDF_CONCURRENCY', 2, 1, 32),
    mailMaxAttempts: int('MAIL_MAX_ATTEMPTS', 5, 1, 100),
    mailRetryBaseSeconds: int('MAIL_RETRY_BASE_SECONDS', 30, 1, 86400),
    mailLeaseSeconds: int('MAIL_LEASE_SECONDS', 300, 5, 86400),
    logLevel: logLevel as AppConfig['logLevel'],
    adminDistDir: path('ADMIN_DIST_DIR', resolve(projectRoot(), 'dist/apps/admin/browser')),
    loginRateLimitPerMinute: int('LOGIN_RATE_LIMIT', 10, 1, 100000),
    webhookCron,
    webhookAllowPrivateAddresses: bool('WEBHOOK_ALLOW_PRIVATE_ADDRESSES', false),
    webhookAllowHttp: bool('WEBHOOK_ALLOW_HTTP', false),
    webhookTimeoutMs: int('WEBHOOK_TIMEOUT_MS', 15000, 100, 120000),
    webhookMaxAttempts: int('WEBHOOK_MAX_ATTEMPTS', 10, 1, 100),
    webhookRetryScheduleSeconds: webhookRetrySchedule ?? [...DEFAULT_RETRY_SCHEDULE_SECONDS],
    webhookLeaseSeconds: int('WEBHOOK_LEASE_SECONDS', 60, 5, 86400),
    webhookConcurrency: int('WEBHOOK_CONCURRENCY', 8, 1, 100),
    webhookSecretKey,
    importSecretKey,
    importConnectorsEnabled: bool('IMPORT_CONNECTORS_ENABLED', true),
    importConnectorsTickSeconds: int('IMPORT_CONNECTORS_TICK_SECONDS', 60, 1, 3600),
    zohoAccountsUrl: baseUrl('ZOHO_ACCOUNTS_URL'),
    zohoAssistUrl: baseUrl('ZOHO_ASSIST_URL'),
  };
  if (config.webhookLeaseSeconds * 1000 < config.webhookTimeoutMs + 5000) {
    problems.push('WEBHOOK_LEASE_SECONDS must exceed WEBHOOK_TIMEOUT_MS by at least 5 s (a delivery stays claimed while it is sent)');
  }
  if (config.billNumberPrefix.length > 20) problems.push('BILL_NUMBER_PREFIX must be at most 20 characters');
  if (config.creditNotePrefix.length > 20) problems.push('CREDIT_NOTE_PREFIX must be at most 20 characters');
  if (config.creditNotePrefix === config.billNumberPrefix) {
    problems.push('CREDIT_NOTE_PREFIX must differ from BILL_NUMBER_PREFIX (credit notes are a series of their own)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function orgTimeZoneMessage(zone: string): string {
  return `ORG_TIME_ZONE must be an IANA time zone that PostgreSQL knows too, such as Europe/Berlin (got "${zone}")`;
}

/**
 * The second half of the ORG_TIME_ZONE check, once PostgreSQL's zones are known (createApp): a ConfigError
 * (exit code 78) when `accepted` refuses it.
 */
export function checkOrgTimeZone(config: AppConfig, accepted: (zone: string) => boolean): void {
  if (!accepted(config.orgTimeZone)) throw new ConfigError([orgTimeZoneMessage(config.orgTimeZone)]);
}

/** The folder holding the workspace's package.json (works from sources and from dist/). */
export function projectRoot(from = __dirname): string {
  let dir = from;
  while (dirname(dir) !== dir) {
    if (existsSync(join(dir, 'nest-cli.json'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

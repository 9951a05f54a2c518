import 'reflect-metadata';
import pino from 'pino';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { createApp } from './create-app';
import { EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded-postgres';

/** Without JWT_SECRET (local use), one is generated once and kept in DATA_DIR. */
function jwtSecretFor(config: AppConfig): string {
  if (config.jwtSecret) return config.jwtSecret;
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, 'jwt-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee README.md, "Configuration".\n`);
      process.exit(78);
    }
    throw err;
  }
  // JSON lines from the first one on (Nest's logger takes over inside the app).
  const logger = pino({ level: config.logLevel, base: { context: 'Main' } });
  let db: EmbeddedDatabase;
  if (config.databaseUrl) {
    db = { url: config.databaseUrl, stop: async () => undefined };
  } else {
    db = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.embeddedPgPort,
      log: (line) => logger.info(line),
    });
  }
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: shutting down`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await app?.close();
    } finally {
      await db.stop().catch((e) => logger.error(`Stopping PostgreSQL failed: ${e}`));
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    app = await createApp({ config, databaseUrl: db.url, jwtSecret: jwtSecretFor(config) });
    await app.listen(config.port, config.host);
  } catch (err) {
    // A setting only checkable once PostgreSQL runs (ORG_TIME_ZONE) exits like the other configuration errors.
    const configError = err instanceof ConfigError;
    if (configError) process.stderr.write(`${(err as ConfigError).message}\nSee README.md, "Configuration".\n`);
    else logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    await db.stop().catch(() => undefined);
    process.exit(configError ? 78 : 1);
  }
  const address = app.getHttpServer().address() as { port: number } | null;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${address?.port ?? config.port}`;
  logger.info(`Remote Billing listening on ${url} (console ${url}/, API ${url}/api/v1, docs ${url}/api/docs)`);
  logger.info(
    `Admin login: ${config.adminEmail} (password from ADMIN_PASSWORD${process.env.ADMIN_PASSWORD ? '' : ', default "change-me-now": change it'})`,
  );
}

void main();

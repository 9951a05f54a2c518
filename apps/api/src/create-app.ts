import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule, AppOptions } from './app.module';
import { ApiExceptionFilter, bodyParserErrorBody } from './common/api-exception.filter';
import { isAcceptedTimeZone, usePostgresTimeZones } from './common/time-zones';
import { createValidationPipe } from './common/validation';
import { checkOrgTimeZone } from './config/app-config';
import { runMigrations } from './database/data-source';
import { readPostgresTimeZones } from './database/time-zones.repository';
import { BootstrapService } from './organizations/bootstrap.service';
import { buildOpenApiDocument } from './openapi';

export const API_PREFIX = 'api/v1';
export const BODY_LIMIT = '10mb';
/** Routes that read a session report themselves (relative to the API prefix). */
const REPORT_PATH = /^\/import-profiles\/[^/]+\/(imports|preview)\b/;

/**
 * Builds the whole application: API under /api/v1, OpenAPI at /api/docs, the built console at /.
 * Loads PostgreSQL's time zones (a ConfigError when it does not know ORG_TIME_ZONE), runs the migrations and
 * the first-start bootstrap before returning. Used by main.ts and by the e2e tests.
 */
export async function createApp(options: AppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
  );
  // A tool's JSON session report (up to 100 MB) is read as a stream by its import, not by the JSON body parser.
  const jsonBody = express.json({
    limit: BODY_LIMIT,
    strict: true,
    type: (req) => /\bjson\b/i.test(String(req.headers['content-type'] ?? '')) && !REPORT_PATH.test(req.url ?? ''),
  });
  app.use(`/${API_PREFIX}`, jsonBody, answerBodyParserErrors);
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  await setUpOpenApi(app);
  serveConsole(app, options.config.adminDistDir);

  const dataSource = app.get(DataSource);
  usePostgresTimeZones(await readPostgresTimeZones(dataSource));
  try {
    checkOrgTimeZone(options.config, isAcceptedTimeZone);
  } catch (err) {
    await app.close();
    throw err;
  }
  const applied = await runMigrations(dataSource);
  if (applied > 0) new NestLogger('Database').log(`Applied ${applied} migration(s)`);
  await app.get(BootstrapService).ensureFirstOrganization();
  return app;
}

async function setUpOpenApi(app: NestExpressApplication): Promise<void> {
  SwaggerModule.setup('api/docs', app, await buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}

/** The Angular console: static files, and index.html for any other GET outside /api (client-side routes). */
function serveConsole(app: NestExpressApplication, dir: string): void {
  const index = join(dir, 'index.html');
  const assets = express.static(dir, { index: false, maxAge: '1h' });
  // API requests never touch the disk.
  app.use((req: Request, res: Response, next: NextFunction) => (req.path.startsWith('/api/') ? next() : assets(req, res, next)));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api')) return next();
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The console is not built yet: run `npm run build:admin`.');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}

/** Body-parser failures happen before Nest's filters run: answer them in the same error format. */
function answerBodyParserErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  const body = bodyParserErrorBody(err);
  if (!body) return next(err);
  res.status(body.statusCode).json(body);
}

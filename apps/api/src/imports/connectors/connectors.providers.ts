import type { Provider } from '@nestjs/common';
import { hkdfSync } from 'node:crypto';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { ConnectorSecrets, parseImportSecretKey } from './connector-secrets';
import { ConnectorsCron } from './connectors.cron';
import { ConnectorsRepository } from './connectors.repository';
import { CONNECTOR_RETRY, CONNECTOR_SECRETS, ConnectorsService } from './connectors.service';
import { DEFAULT_RETRY } from './retry';

/** The providers of import connectors, registered in ImportsModule. */
export const CONNECTOR_PROVIDERS: Provider[] = [
  {
    provide: CONNECTOR_SECRETS,
    inject: [APP_CONFIG],
    // IMPORT_SECRET_KEY (validated by loadConfig); else derived from JWT_SECRET (given with DATABASE_URL, so every
    // instance derives the same key); else the key generated into DATA_DIR at first use (one embedded instance).
    useFactory: (config: AppConfig) =>
      new ConnectorSecrets(
        config.importSecretKey
          ? parseImportSecretKey(config.importSecretKey)
          : config.jwtSecret
            ? Buffer.from(hkdfSync('sha256', config.jwtSecret, Buffer.alloc(0), 'remote-billing import connector secrets', 32))
            : null,
        config.dataDir,
      ),
  },
  { provide: CONNECTOR_RETRY, useValue: DEFAULT_RETRY },
  ConnectorsRepository,
  ConnectorsService,
  ConnectorsCron,
];

import { Module } from '@nestjs/common';
import { DepartmentsModule } from '../departments/departments.module';
import { UsageModule } from '../usage/usage.module';
import { ImportConnectorsController } from './connectors/connectors.controller';
import { CONNECTOR_PROVIDERS } from './connectors/connectors.providers';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';

/** Session imports from the remote-support tools' reports (issue #19). */
@Module({
  imports: [DepartmentsModule, UsageModule],
  controllers: [ImportsController, ImportConnectorsController],
  providers: [ImportsRepository, ImportsService, ...CONNECTOR_PROVIDERS],
  exports: [ImportsService, ImportsRepository],
})
export class ImportsModule {}

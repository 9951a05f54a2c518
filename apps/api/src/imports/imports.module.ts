import { Module } from '@nestjs/common';
import { DepartmentsModule } from '../departments/departments.module';
import { UsageModule } from '../usage/usage.module';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';

/** Session imports from the remote-support tools' reports (issue #19). */
@Module({
  imports: [DepartmentsModule, UsageModule],
  controllers: [ImportsController],
  providers: [ImportsRepository, ImportsService],
  exports: [ImportsService, ImportsRepository],
})
export class ImportsModule {}

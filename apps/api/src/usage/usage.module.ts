import { Module } from '@nestjs/common';
import { DepartmentsModule } from '../departments/departments.module';
import { DepartmentResolver } from './department-resolver';
import { DevicesRepository } from './devices.repository';
import { DevicesService } from './devices.service';
import { SessionsService } from './sessions.service';
import { SessionsRepository } from './sessions.repository';
import { UsageController } from './usage.controller';

/** Usage ingestion: remote sessions and unattended devices. */
@Module({
  imports: [DepartmentsModule],
  controllers: [UsageController],
  providers: [SessionsRepository, SessionsService, DevicesRepository, DevicesService, DepartmentResolver],
  exports: [SessionsRepository, DevicesRepository],
})
export class UsageModule {}

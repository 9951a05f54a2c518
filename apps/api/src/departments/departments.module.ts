import { Module } from '@nestjs/common';
import { TaxRatesModule } from '../taxes/tax-rates.module';
import { DepartmentsController } from './departments.controller';
import { DepartmentsRepository } from './departments.repository';
import { DepartmentsService } from './departments.service';

@Module({
  imports: [TaxRatesModule],
  controllers: [DepartmentsController],
  providers: [DepartmentsRepository, DepartmentsService],
  exports: [DepartmentsRepository],
})
export class DepartmentsModule {}

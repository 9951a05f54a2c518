import { Module } from '@nestjs/common';
import { AssociationsController } from '../associations/associations.controller';
import { AssociationsRepository } from '../associations/associations.repository';
import { AssociationsService } from '../associations/associations.service';
import { DepartmentsModule } from '../departments/departments.module';
import { TaxRatesModule } from '../taxes/tax-rates.module';
import { PlansController } from './plans.controller';
import { PlansRepository } from './plans.repository';
import { PlansService } from './plans.service';

/** Billing plans and the associations of customers to them. */
@Module({
  imports: [DepartmentsModule, TaxRatesModule],
  controllers: [PlansController, AssociationsController],
  providers: [PlansRepository, PlansService, AssociationsRepository, AssociationsService],
  exports: [PlansRepository, AssociationsRepository],
})
export class PlansModule {}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The association lifecycle: billing-run history with isolated failures, late-usage bills of ended
 * associations, device enrolment history. (Filled in by the lifecycle work.)
 */
export class Lifecycle1764400000000 implements MigrationInterface {
  name = 'Lifecycle1764400000000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}

import { ApiProperty } from '@nestjs/swagger';

/** The database answered. */
export class DatabaseUpView {
  @ApiProperty({ enum: ['up'] }) status: 'up';
  /** How long `SELECT 1` took, in milliseconds (two decimals). */
  @ApiProperty({ type: 'number', minimum: 0 }) latencyMs: number;
}

/** The database did not answer. */
export class DatabaseDownView {
  @ApiProperty({ enum: ['down'] }) status: 'down';
}

/** 200: the API and its database work. */
export class HealthView {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
  database: DatabaseUpView;
}

/** 503: the API runs but its database does not answer. */
export class HealthDownView {
  @ApiProperty({ enum: ['error'] }) status: 'error';
  database: DatabaseDownView;
}

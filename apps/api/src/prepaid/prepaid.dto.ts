import { IsBoolean, IsInt, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { ApiInstant, ApiInteger, ApiMinor } from '../common/openapi';
import { IsInstant } from '../common/validators';
import { MAX_RATE_MINOR } from '../plans/plan-rules';
import { MAX_UNITS } from './retainer';

/** `POST /associations/:id/blocks`: a prepaid block bought by the customer. */
export class BuyBlockDto {
  @ApiInteger({
    minimum: 1,
    maximum: MAX_UNITS,
    description: 'What it holds: billable seconds on a per_hour plan (36000: ten hours), sessions on a per_session plan',
  })
  @IsInt({ message: 'units must be a whole number of seconds (per_hour) or sessions (per_session)' })
  @Min(1)
  @Max(MAX_UNITS)
  units: number;
  @ApiMinor({ minimum: 0, maximum: MAX_RATE_MINOR, description: "Its price before tax, integer minor units of the plan's currency" })
  @IsInt({ message: 'priceMinor must be an integer count of minor units' })
  @Min(0)
  @Max(MAX_RATE_MINOR)
  priceMinor: number;
  /** When it was bought (default now): it serves the periods that end after it. At most a day ahead. */
  @ApiInstant() @IsOptional() @IsInstant() purchasedAt?: string;
  /** When what is left of it expires (after the purchase); null or left out: never. */
  @ApiInstant({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsInstant() expiresAt?: string | null;
  /** true: it is drawn only once its invoice is paid. Default false. */
  @IsOptional() @IsBoolean() requiresPayment?: boolean;
  @ApiInteger({
    minimum: 0,
    maximum: 99,
    default: 20,
    description:
      "An alert goes to the customer's recipients (and a webhook event) once when what is left falls below this percent; 0: none",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(99)
  lowBalancePercent?: number;
}

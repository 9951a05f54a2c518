import { ApiProperty } from '@nestjs/swagger';
import { ApiDay, ApiInteger, ApiMinor } from '../common/openapi';
import type { BusinessCalendar, StoredRateRules } from './rate-rules';

const MULTIPLIER_DOC = (cls: string) => ({
  type: 'string' as const,
  nullable: true,
  description: `${cls}: the base rate times this; null: none`,
});
const RATE_DOC = (cls: string) => ({ nullable: true, description: `${cls}: this rate per hour or per session instead; null: none` });

/** One interval of business hours, as shown. */
export class BusinessIntervalView {
  @ApiInteger({ description: 'ISO weekday: 1 = Monday … 7 = Sunday' }) day: number;
  /** Local start, HH:mm */
  start: string;
  /** Local end, HH:mm (24:00: the day's end) */
  end: string;
}

/** One tier band, as shown. */
export class TierBandView {
  @ApiProperty({ type: 'number', nullable: true, description: 'End of the band: hours (per_hour) or sessions (per_session); null: no end' })
  upTo: number | null;
  @ApiMinor({ description: 'Price per hour or per session in this band' }) rateMinor: number;
}

/** Business hours and holidays, as shown. */
export class BusinessCalendarView implements BusinessCalendar {
  @ApiProperty({
    type: [BusinessIntervalView],
    nullable: true,
    description: "Business hours in the customer's time zone; null: none (no rate classes)",
  })
  businessHours: BusinessIntervalView[] | null;
  @ApiProperty({ type: [Number], description: 'ISO weekdays that are weekend' }) weekendDays: number[];
  @ApiProperty({ type: 'string', nullable: true, description: 'Public holidays of this country (ISO 3166-1 alpha-2); null: none' })
  holidayCountry: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'Region of holidayCountry with its own holidays; null: nationwide only' })
  holidayRegion: string | null;
  @ApiDay({ isArray: true, description: "The organization's own holidays" }) holidayDates: string[];
}

/** A plan's rate rules, as shown (issue #18). */
export class RateRulesView extends BusinessCalendarView implements StoredRateRules {
  @ApiProperty(MULTIPLIER_DOC('After hours')) afterHoursMultiplier: string | null;
  @ApiMinor(RATE_DOC('After hours')) afterHoursRateMinor: number | null;
  @ApiProperty(MULTIPLIER_DOC('Weekend')) weekendMultiplier: string | null;
  @ApiMinor(RATE_DOC('Weekend')) weekendRateMinor: number | null;
  @ApiProperty(MULTIPLIER_DOC('Holidays')) holidayMultiplier: string | null;
  @ApiMinor(RATE_DOC('Holidays')) holidayRateMinor: number | null;
  @ApiProperty({ enum: ['graduated', 'volume', null], nullable: true, description: 'Tiers per period; null: none' })
  tierMode: 'graduated' | 'volume' | null;
  @ApiProperty({ type: [TierBandView], description: 'Tier bands, upTo increasing; [] without tiers' }) tiers: TierBandView[];
  @ApiMinor({ nullable: true, description: "Unattended sessions' rate per hour or per session; null: as attended" })
  unattendedRateMinor: number | null;
  @ApiMinor({ nullable: true, description: 'Minimum usage charges per period (topped up; prorated on a short period); null: none' })
  minimumCommitmentMinor: number | null;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { IsOptionalNonNull, NO_CONTROL_CHARS, trim } from '../common/validators';
import { WEBHOOK_EVENT_TYPES } from './webhook-event-types';
import type { WebhookEventType } from './webhook-event-types';
import { MAX_URL_LENGTH } from './webhook-url';
import { EVENT_TYPES_DOC } from './webhooks.view';

// The URL's rules (https only unless WEBHOOK_ALLOW_HTTP, no credentials or fragment, no private IP literal unless
// WEBHOOK_ALLOW_PRIVATE_ADDRESSES) depend on the server's settings: the service checks them (webhook-url.ts), as a
// 400 on `url` like the checks here.

/** '' (or only spaces) means none. */
const trimToNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);
const unlessNull = () => ValidateIf((_: object, v: unknown) => v !== null);

const URL_DOC = {
  maxLength: MAX_URL_LENGTH,
  format: 'uri',
  description:
    'Where events are POSTed: an absolute https:// URL (http:// only where the server sets WEBHOOK_ALLOW_HTTP), without a user ' +
    'name, password or fragment. A token for the receiver may go in the path or query. Private, loopback and link-local ' +
    'addresses are refused (as a literal here, as what the name resolves to at every delivery) unless the server sets ' +
    'WEBHOOK_ALLOW_PRIVATE_ADDRESSES',
};
const DESCRIPTION_DOC = { type: String, maxLength: 500, nullable: true, description: "What it is for; '' or null: none" };
const EVENT_TYPES = {
  enum: [...WEBHOOK_EVENT_TYPES],
  isArray: true,
  minItems: 1,
  maxItems: WEBHOOK_EVENT_TYPES.length,
  uniqueItems: true,
  description: `The event types to receive (at least one, no repeats): ${EVENT_TYPES_DOC}`,
};
const EVENT_TYPES_MESSAGE = `each value in eventTypes must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}`;

/** `POST /webhooks`: a new endpoint, with a new signing secret shown once in the answer. */
export class CreateWebhookEndpointDto {
  @ApiProperty(URL_DOC)
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  url: string;
  @ApiPropertyOptional(DESCRIPTION_DOC)
  @IsOptional()
  @Transform(trimToNull)
  @unlessNull()
  @IsString()
  @MaxLength(500)
  @Matches(NO_CONTROL_CHARS, { message: 'description must not contain control characters' })
  description?: string | null;
  @ApiProperty(EVENT_TYPES)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique({ message: 'eventTypes must not repeat a type' })
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: EVENT_TYPES_MESSAGE })
  eventTypes: WebhookEventType[];
  @ApiPropertyOptional({ type: Boolean, default: true, description: 'Deliver events to it (default true)' })
  @IsOptionalNonNull()
  @IsBoolean()
  enabled?: boolean;
}

/** `PATCH /webhooks/:id`: only the fields sent change. Enabling an endpoint sends the event deliveries that waited. */
export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional(URL_DOC)
  @IsOptionalNonNull()
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  url?: string;
  @ApiPropertyOptional(DESCRIPTION_DOC)
  @IsOptional()
  @Transform(trimToNull)
  @unlessNull()
  @IsString()
  @MaxLength(500)
  @Matches(NO_CONTROL_CHARS, { message: 'description must not contain control characters' })
  description?: string | null;
  @ApiPropertyOptional(EVENT_TYPES)
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique({ message: 'eventTypes must not repeat a type' })
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: EVENT_TYPES_MESSAGE })
  eventTypes?: WebhookEventType[];
  @ApiPropertyOptional({ type: Boolean, description: 'Deliver events to it' })
  @IsOptionalNonNull()
  @IsBoolean()
  enabled?: boolean;
}

/** The longest grace period of a rotated-out secret: a week. */
export const MAX_PREVIOUS_SECRET_SECONDS = 7 * 24 * 3600;
export const DEFAULT_PREVIOUS_SECRET_SECONDS = 24 * 3600;

/** `POST /webhooks/:id/rotate-secret`. */
export class RotateWebhookSecretDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_PREVIOUS_SECRET_SECONDS,
    default: DEFAULT_PREVIOUS_SECRET_SECONDS,
    description:
      'How long the old secret keeps signing too (a second `v1,` signature), so the receiver can switch without missing a ' +
      'webhook: default a day, at most a week; 0 drops it at once (a leaked secret)',
  })
  @IsOptionalNonNull()
  @IsInt()
  @Min(0)
  @Max(MAX_PREVIOUS_SECRET_SECONDS)
  previousSecretValidSeconds?: number;
}

export const DELIVERY_STATUSES = ['pending', 'sending', 'delivered', 'failed'] as const;

/** `GET /webhooks/:id/deliveries`: newest first, optionally of one status. */
export class ListWebhookDeliveriesDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: [...DELIVERY_STATUSES], description: 'Only deliveries in this status' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: (typeof DELIVERY_STATUSES)[number];
}

/** `GET /webhooks`: oldest first. */
export class ListWebhookEndpointsDto extends PageQueryDto {}

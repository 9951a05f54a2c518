import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExcludeController,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ApiConflict, ApiPage } from '../common/openapi';
import type { Page } from '../common/pagination';
import { ParseIdPipe } from '../common/parse-id.pipe';
import {
  CreateWebhookEndpointDto,
  ListWebhookDeliveriesDto,
  ListWebhookEndpointsDto,
  RotateWebhookSecretDto,
  UpdateWebhookEndpointDto,
} from './webhooks.dto';
import { WebhooksService } from './webhooks.service';
import { WebhookDeliveryView, WebhookEndpointView, WebhookEndpointWithSecretView } from './webhooks.view';

/**
 * The organization's webhook endpoints: signed events (Standard Webhooks) POSTed to receivers, with a delivery log,
 * manual redelivery and a test ping (docs/WEBHOOKS.md).
 */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** List the webhook endpoints, oldest first */
  @Get()
  @ApiPage(WebhookEndpointView)
  @RequirePermission('webhooks:read')
  list(@Caller() caller: Principal, @Query() query: ListWebhookEndpointsDto): Promise<Page<WebhookEndpointView>> {
    return this.webhooks.list(caller, query);
  }

  /**
   * Create a webhook endpoint
   *
   * @remarks The answer carries the endpoint's signing secret (`whsec_…`), shown this once: the receiver verifies each
   * webhook's `webhook-signature` with it. A bad `url` is a 400 naming it: not https:// (http:// only with
   * WEBHOOK_ALLOW_HTTP), with a user name, password or fragment, or a private, loopback or link-local IP (unless
   * WEBHOOK_ALLOW_PRIVATE_ADDRESSES). At most 50 endpoints per organization (409 WEBHOOK_ENDPOINT_LIMIT).
   */
  @Post()
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretView, description: 'The new endpoint with its signing secret (shown once)' })
  @ApiConflict('WEBHOOK_ENDPOINT_LIMIT')
  @RequirePermission('webhooks:manage')
  create(@Caller() caller: Principal, @Body() dto: CreateWebhookEndpointDto): Promise<WebhookEndpointWithSecretView> {
    return this.webhooks.create(caller, dto);
  }

  /** A webhook endpoint (never its secret) */
  @Get(':id')
  @ApiOkResponse({ type: WebhookEndpointView })
  @RequirePermission('webhooks:read')
  get(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<WebhookEndpointView> {
    return this.webhooks.get(caller, id);
  }

  /**
   * Edit a webhook endpoint
   *
   * @remarks Only the fields sent change, with the rules of create. Disabling keeps its event deliveries waiting;
   * enabling sends them (and clears a `disabledReason`). Deliveries already made keep their log.
   */
  @Patch(':id')
  @ApiOkResponse({ type: WebhookEndpointView, description: 'The endpoint as it is now' })
  @RequirePermission('webhooks:manage')
  update(
    @Caller() caller: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateWebhookEndpointDto,
  ): Promise<WebhookEndpointView> {
    return this.webhooks.update(caller, id, dto);
  }

  /** Delete a webhook endpoint with its delivery log (deliveries not yet made are not made) */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @RequirePermission('webhooks:manage')
  remove(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<void> {
    return this.webhooks.remove(caller, id);
  }

  /**
   * Rotate the signing secret
   *
   * @remarks A new `whsec_…` secret, shown this once. The old one keeps signing too (a second `v1,` signature in
   * `webhook-signature`) for `previousSecretValidSeconds` (default a day; 0 drops it at once), so the receiver can
   * switch over without rejecting a webhook.
   */
  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOkResponse({ type: WebhookEndpointWithSecretView, description: 'The endpoint with its new signing secret (shown once)' })
  @RequirePermission('webhooks:manage')
  rotateSecret(
    @Caller() caller: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: RotateWebhookSecretDto,
  ): Promise<WebhookEndpointWithSecretView> {
    return this.webhooks.rotateSecret(caller, id, dto);
  }

  /**
   * Send a test ping
   *
   * @remarks A `webhook.test` event to this endpoint only (enabled or not, whatever it subscribes to), sent at once
   * and retried like any delivery; its outcome shows in the delivery log.
   */
  @Post(':id/test')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: WebhookDeliveryView, description: 'The queued delivery of the ping' })
  @RequirePermission('webhooks:manage')
  test(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<WebhookDeliveryView> {
    return this.webhooks.test(caller, id);
  }

  /** The endpoint's delivery log, newest first: each event's attempts, last status code and error, next attempt */
  @Get(':id/deliveries')
  @ApiPage(WebhookDeliveryView)
  @RequirePermission('webhooks:read')
  deliveries(
    @Caller() caller: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Query() query: ListWebhookDeliveriesDto,
  ): Promise<Page<WebhookDeliveryView>> {
    return this.webhooks.listDeliveries(caller, id, query);
  }

  /**
   * Redeliver an event
   *
   * @remarks Sends a delivered or failed delivery's event again, now, as a new delivery in the log (`trigger:
   * redelivery`) with the same `webhook-id`. A delivery still pending or being sent is a 409
   * WEBHOOK_DELIVERY_IN_PROGRESS.
   */
  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: WebhookDeliveryView, description: 'The new delivery' })
  @ApiConflict('WEBHOOK_DELIVERY_IN_PROGRESS')
  @RequirePermission('webhooks:manage')
  redeliver(
    @Caller() caller: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Param('deliveryId', ParseIdPipe) deliveryId: string,
  ): Promise<WebhookDeliveryView> {
    return this.webhooks.redeliver(caller, id, deliveryId);
  }
}

/**
 * The same endpoints under the names of ../shared/API.md (`/webhook-endpoints`, `…/ping`), for services written
 * against it; the OpenAPI document lists them once, as `/webhooks`.
 */
@ApiExcludeController()
@Controller('webhook-endpoints')
export class WebhookEndpointsAliasController extends WebhooksController {
  @Post(':id/ping')
  @HttpCode(202)
  @RequirePermission('webhooks:manage')
  ping(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<WebhookDeliveryView> {
    return this.test(caller, id);
  }
}

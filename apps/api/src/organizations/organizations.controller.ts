import { Body, Controller, Delete, Get, HttpCode, Patch, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiNoContentResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import express, { Request, Response } from 'express';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ValidationFailedError } from '../common/domain-error';
import { ApiErrors } from '../common/openapi';
import { LOGO_CONTENT_TYPES, LOGO_MAX_BYTES, mediaType, tooLarge } from './logo';
import { UpdateOrganizationDto } from './organization.dto';
import { OrganizationLogoView, OrganizationView } from './organization.view';
import { OrganizationsService } from './organizations.service';

const BINARY = { schema: { type: 'string', format: 'binary' } } as const;

/** Reads the raw body, at most LOGO_MAX_BYTES (body-parser: the declared length is checked before reading). */
const readRaw = express.raw({ type: () => true, limit: LOGO_MAX_BYTES, inflate: false });

const logoError = (message: string) => new ValidationFailedError([{ field: 'logo', message }], message);

/** The caller's own organization: its seller profile, logo and invoice e-mail settings (Settings > Organization). */
@ApiTags('organization')
@ApiBearerAuth()
@Controller('organization')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  /** The caller's organization: its seller profile, whether it has a logo, its invoice e-mail settings and the server's defaults */
  @Get()
  @ApiOkResponse({ type: OrganizationView })
  @RequirePermission('organization:read')
  get(@Caller() caller: Principal): Promise<OrganizationView> {
    return this.organizations.get(caller);
  }

  /**
   * Change the organization's seller profile, name and invoice e-mail settings
   *
   * @remarks Only the fields sent change; `null` (or an empty string) clears an optional field, and sets a mail
   * setting back to the server's default. `address` is replaced as a whole. A bad value is a 400 naming its field
   * (`iban`, `vatId`, `address.country`, …).
   */
  @Patch()
  @ApiOkResponse({ type: OrganizationView, description: 'The organization as it is now' })
  @RequirePermission('organization:manage')
  update(@Caller() caller: Principal, @Body() dto: UpdateOrganizationDto): Promise<OrganizationView> {
    return this.organizations.update(caller, dto);
  }

  /**
   * Upload the logo printed on invoices (replaces the current one)
   *
   * @remarks The image itself is the request body, with `Content-Type: image/png` or `image/jpeg`: at most 256 KB
   * (262144 bytes) and 4096 × 4096 pixels, recognized by its bytes (the PNG signature, the JPEG SOI marker). SVG and
   * anything else, a body of another type than declared, or a larger one is a 400 naming `logo`.
   */
  @Put('logo')
  @ApiConsumes(...LOGO_CONTENT_TYPES)
  @ApiBody({ description: 'The PNG or JPEG image, at most 256 KB', ...BINARY })
  @ApiOkResponse({ type: OrganizationLogoView, description: 'The logo as stored' })
  @RequirePermission('organization:manage')
  async putLogo(
    @Caller() caller: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrganizationLogoView> {
    const type = mediaType(req.headers['content-type']);
    if (!(LOGO_CONTENT_TYPES as readonly string[]).includes(type)) {
      throw logoError(
        type === 'image/svg+xml'
          ? 'logo must be a PNG or JPEG image; SVG is not accepted'
          : `logo must be sent as the request body with Content-Type image/png or image/jpeg${type ? ` (not ${type})` : ''}`,
      );
    }
    await new Promise<void>((resolve, reject) =>
      readRaw(req, res, (err?: unknown) => {
        const kind = (err as { type?: string } | undefined)?.type;
        if (kind === 'entity.too.large') reject(logoError(tooLarge()));
        else if (kind === 'encoding.unsupported') reject(logoError('logo must be sent without a Content-Encoding'));
        else if (err) reject(err instanceof Error ? err : new Error(String(err)));
        else resolve();
      }),
    );
    const bytes: unknown = req.body;
    return this.organizations.setLogo(caller, type, Buffer.isBuffer(bytes) ? bytes : Buffer.alloc(0));
  }

  /** The logo's bytes, with their content type */
  @Get('logo')
  @ApiResponse({
    status: 200,
    description: 'The image as uploaded (`image/png` or `image/jpeg`)',
    content: Object.fromEntries(LOGO_CONTENT_TYPES.map((t) => [t, BINARY])),
  })
  @ApiErrors({ status: 404, description: 'NOT_FOUND: the organization has no logo' })
  @RequirePermission('organization:read')
  async logo(@Caller() caller: Principal, @Res() res: Response): Promise<void> {
    const { bytes, contentType } = await this.organizations.logo(caller);
    res
      .status(200)
      .type(contentType)
      .setHeader('Cache-Control', 'private, no-cache')
      .setHeader('Content-Disposition', `inline; filename="logo.${contentType === 'image/png' ? 'png' : 'jpg'}"`);
    res.end(bytes);
  }

  /** Remove the logo (removing none is fine too) */
  @Delete('logo')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The organization has no logo now' })
  @RequirePermission('organization:manage')
  removeLogo(@Caller() caller: Principal): Promise<void> {
    return this.organizations.removeLogo(caller);
  }
}

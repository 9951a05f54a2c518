/**
 * An e-invoice electronic address (EN 16931 BT-34 of the seller, BT-49 of a customer: the Peppol endpoint) in the
 * API: `{ scheme, id }` or null, checked when it is entered (libs/invoicing `checkElectronicAddress`: the EAS code
 * list and each scheme's format and check digits), stored as two columns, both set or both null.
 */
import { checkElectronicAddress } from '@app/invoicing';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, registerDecorator, ValidationArguments } from 'class-validator';

export class ElectronicAddressView {
  /** An EAS code (CEF Electronic Address Scheme), e.g. `0088` (GLN), `9930` (German VAT number), `0204` (Leitweg-ID), `EM` (e-mail) */
  scheme: string;
  /** The identifier within the scheme, as stored (normalized) */
  id: string;
}

/** The OpenAPI schema of a nullable electronic address field: always present in a view, optional in a request body. */
export const ApiElectronicAddress = (description: string, { input = false } = {}) =>
  ApiProperty({
    type: 'object',
    nullable: true,
    ...(input ? { required: false } : { selfRequired: true }),
    required: ['scheme', 'id'],
    properties: {
      scheme: {
        type: 'string',
        example: '0088',
        description: 'An EAS code, e.g. 0088 (GLN), 9930 (German VAT number), 0204 (Leitweg-ID), EM (e-mail)',
      },
      id: { type: 'string', example: '4000001123452', description: 'The identifier within the scheme' },
    },
    description,
  });

/** Checks the pair with `checkElectronicAddress`; the message names the field the problem is in. */
function IsElectronicAddressPair() {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'isElectronicAddress',
      target: target.constructor,
      propertyName: property,
      validator: {
        validate: (_: unknown, args: ValidationArguments) => {
          const o = args.object as ElectronicAddressDto;
          return typeof o.scheme !== 'string' || typeof o.id !== 'string' || !checkElectronicAddress(o).error;
        },
        defaultMessage: (args: ValidationArguments) => checkElectronicAddress(args.object as ElectronicAddressDto).error ?? 'invalid',
      },
    });
}

export class ElectronicAddressDto {
  @ApiProperty({ example: '0088' }) @IsString() @MaxLength(4) scheme: string;
  @ApiProperty({ example: '4000001123452' }) @IsString() @MaxLength(200) @IsElectronicAddressPair() id: string;
}

/** The stored pair as the API shows it. */
export function electronicAddressOf(scheme: string | null, id: string | null): ElectronicAddressView | null {
  return scheme && id ? { scheme, id } : null;
}

/** The pair as stored: normalized by the check (the DTO has passed it), or both null. */
export function storedElectronicAddress(dto: ElectronicAddressDto | null): { scheme: string | null; id: string | null } {
  if (!dto) return { scheme: null, id: null };
  const checked = checkElectronicAddress(dto);
  if (!checked.value) throw new RangeError(checked.error);
  return { scheme: checked.value.scheme, id: checked.value.id };
}

/**
 * An issued document (`InvoiceDocument`) as the EN 16931 invoice model of `@e-invoice-eu/core` (its "internal format",
 * UBL element names in JSON; the library writes UBL from it, or CII for the CII formats).
 *
 * Mapping (EN 16931 business terms):
 * - BT-1 number, BT-2 issue date, BT-9 due date (invoices and supplementary invoices; a credit note has none, its
 *   payment terms BT-20 say it credits), BT-3 type code 380 (invoice and supplementary invoice) or 381 (credit note),
 *   BT-5 currency, BT-10 buyer reference, BT-13 purchase order, BG-14 the service period as local days
 *   [first, last], BG-3 the preceding invoice of a correction, BG-24 the session statement (CSV) when given.
 * - BG-4 seller: BT-34 electronic address, BT-27 legal name (BT-28 trading name when it differs), BG-5 address, BT-31
 *   VAT ID, BT-32 tax number (scheme FC), BT-30 company registration, BG-6 contact (the seller's name, telephone,
 *   e-mail). Under category O the VAT IDs are left out (BR-O-02, BR-O-03).
 * - BG-7 buyer: BT-49 electronic address, BT-44 legal name (else the billing name), BT-45 the department's name when
 *   it differs, BG-8 the billing address, BT-48 VAT ID.
 * - BG-16 payment: with an IBAN, code 58 (SEPA credit transfer) to BT-84 IBAN, BT-85 account holder, BT-86 BIC, the
 *   document number as remittance information BT-83; BT-20 the seller's payment terms (else "Payment due by …").
 * - BG-20/21 document-level allowances and charges: one per adjustment and tax set (an adjustment split across
 *   tax sets, libs/billing `computeTaxes`, is one allowance per set share), with the set's VAT category and rate.
 * - BG-23 VAT breakdown: the document's groups as stored (base, amount, category, rate; exemption reason text and
 *   VATEX code for E, AE, K, G, O). BG-22 totals: Σ lines, net, tax, gross, allowances, charges; payable = gross (the
 *   document as issued: nothing paid).
 * - BG-25 lines: quantity with UN/ECE Rec 20 unit (HUR hours, C62 sessions, devices and items), net amount, item name
 *   printed in the document's language, VAT category and rate of its set, net price. The price is the plan's rate
 *   when quantity × rate is the line's amount within 0.01 (PEPPOL-EN16931-R120 allows 0.02); an hour quantity is
 *   rounded to 4 decimals and the amount is rated from exact seconds, so where they differ more (JPY, high rates) the
 *   price is the amount / quantity to 6 more decimals than the currency has.
 */
import { currencyExponent, minorToDecimal, periodDays } from '@app/billing';
import type { Invoice } from '@e-invoice-eu/core';
import { invoiceLocale, lineDescription } from '../i18n';
import type { InvoiceDocument, InvoiceLine, InvoicePostalAddress, InvoiceTaxGroup } from '../invoice-document';
import { documentTypeOf, nonBlank } from '../invoice-parties';
import { EINVOICE_FORMAT_INFO, type EInvoiceFormat } from './formats';
import { sessionStatementCsv } from './session-statement';
import { taxSetsOf } from './tax-sets';

type Model = Invoice['ubl:Invoice'];
type Line = Model['cac:InvoiceLine'][number];
type AllowanceCharge = NonNullable<Model['cac:AllowanceCharge']>[number];
type Subtotal = NonNullable<Model['cac:TaxTotal'][0]['cac:TaxSubtotal']>[number];
type SellerParty = Model['cac:AccountingSupplierParty']['cac:Party'];
type BuyerParty = Model['cac:AccountingCustomerParty']['cac:Party'];
// The library types code lists as unions of literals; our values are checked (currency, EAS, country) before this.
type Currency = Model['cbc:DocumentCurrencyCode'];
type UnitCode = NonNullable<Line['cbc:InvoicedQuantity@unitCode']>;
type Scheme = NonNullable<SellerParty['cbc:EndpointID@schemeID']>;
type BuyerScheme = NonNullable<BuyerParty['cbc:EndpointID@schemeID']>;
type Country = SellerParty['cac:PostalAddress']['cac:Country']['cbc:IdentificationCode'];
type VatCategory = Line['cac:Item']['cac:ClassifiedTaxCategory'];
type BreakdownCategory = Subtotal['cac:TaxCategory'];
type Delivery = NonNullable<Model['cac:Delivery']>;
type PaymentMeansCode = NonNullable<Model['cac:PaymentMeans']>[number]['cbc:PaymentMeansCode'];

/** UN/ECE Recommendation 20 units of our line units. */
const UNIT_CODES: Readonly<Record<string, string>> = { hour: 'HUR', session: 'C62', device: 'C62', item: 'C62' };

/** VATEX codes (CEF VATEX code list) of the categories that carry an exemption reason, and the default text. */
const EXEMPTION: Readonly<Partial<Record<string, { code: string | null; text: string }>>> = {
  AE: { code: 'VATEX-EU-AE', text: 'Reverse charge' },
  K: { code: 'VATEX-EU-IC', text: 'Intra-community supply' },
  G: { code: 'VATEX-EU-G', text: 'Export outside the EU' },
  O: { code: 'VATEX-EU-O', text: 'Not subject to VAT' },
  E: { code: null, text: 'Exempt from VAT' },
};

const text = (s: string | null | undefined): string | undefined => (nonBlank(s) ? s.trim() : undefined);

/** A JS number with at most 4 decimals as a plain decimal string (1.5 → "1.5", 2 → "2"). */
export function decimalQuantity(quantity: number): string {
  return quantity.toFixed(4).replace(/\.?0+$/, '') || '0';
}

/** The quantity and net price of a line (see the header: the rate, or the amount / quantity where they differ). */
export function linePrice(line: InvoiceLine, exponent: number): { quantity: string; price: string } {
  const quantity = decimalQuantity(line.quantity);
  const qE4 = BigInt(Math.round(line.quantity * 10_000));
  const amountE4 = BigInt(line.amountMinor) * 10_000n;
  const rate = BigInt(line.unitAmountMinor);
  const tolerance = 10n ** BigInt(exponent + 2); // 0.01 in minor units × 10^4
  const difference = qE4 * rate - amountE4;
  if ((difference < 0n ? -difference : difference) <= tolerance) return { quantity, price: minorToDecimal(rate, exponent) };
  if (qE4 === 0n) return { quantity: '1', price: minorToDecimal(line.amountMinor, exponent) };
  const priceE6 = (amountE4 * 1_000_000n * 2n + qE4) / (qE4 * 2n); // half up, amounts are >= 0
  return {
    quantity,
    price: minorToDecimal(priceE6, exponent + 6)
      .replace(/0+$/, '')
      .replace(/\.$/, ''),
  };
}

function address(a: InvoicePostalAddress): SellerParty['cac:PostalAddress'] {
  return {
    'cbc:StreetName': a.line1,
    ...(text(a.line2) && { 'cbc:AdditionalStreetName': text(a.line2) }),
    'cbc:CityName': a.city,
    ...(text(a.postalCode) && { 'cbc:PostalZone': text(a.postalCode) }),
    ...(text(a.region) && { 'cbc:CountrySubentity': text(a.region) }),
    'cac:Country': { 'cbc:IdentificationCode': a.country.toUpperCase() as Country },
  };
}

const category = (g: InvoiceTaxGroup): VatCategory => ({
  'cbc:ID': g.categoryCode as VatCategory['cbc:ID'],
  'cbc:Percent': String(g.ratePercent),
  'cac:TaxScheme': { 'cbc:ID': 'VAT' },
});

/** The library's invoice model of `doc` in `format`. Check `einvoiceProblems` first: this assumes there are none. */
export function toEInvoiceModel(doc: InvoiceDocument, format: EInvoiceFormat): Invoice {
  const info = EINVOICE_FORMAT_INFO[format];
  const { seller, buyer, bill } = doc;
  const sellerAddress = seller.address;
  if (!sellerAddress) throw new RangeError('The seller has no address (einvoiceProblems says SELLER_ADDRESS_MISSING)');
  const currency = bill.currency;
  const exponent = currencyExponent(currency);
  const money = (minor: number) => minorToDecimal(minor, exponent);
  const type = documentTypeOf(doc);
  const locale = invoiceLocale(doc.language);
  const period = periodDays(new Date(bill.periodStart), new Date(bill.periodEnd), doc.timeZone);
  const sets = taxSetsOf(doc);
  const categories = new Set(doc.taxes.map((t) => t.categoryCode));
  const withVatIds = !categories.has('O');
  const sellerName = text(seller.legalName) ?? seller.name;
  const buyerName = text(buyer.legalName) ?? (text(doc.billingAddress.name) || buyer.name);

  const lineSet = new Map<number, InvoiceTaxGroup>();
  for (const set of sets) for (const i of set.lines) lineSet.set(i, doc.taxes[set.taxes[0]]);

  const allowanceCharges: AllowanceCharge[] = [];
  doc.adjustments.forEach((adjustment, i) => {
    for (const set of sets) {
      const share = set.adjustmentSharesMinor[i] ?? 0;
      if (share === 0) continue;
      allowanceCharges.push({
        'cbc:ChargeIndicator': share > 0 ? 'true' : 'false',
        'cbc:AllowanceChargeReason': text(adjustment.description) ?? (share > 0 ? 'Charge' : 'Discount'),
        'cbc:Amount': money(Math.abs(share)),
        'cbc:Amount@currencyID': currency as Currency,
        'cac:TaxCategory': category(doc.taxes[set.taxes[0]]) as AllowanceCharge['cac:TaxCategory'],
      });
    }
  });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const shares = doc.adjustments.flatMap((_, i) => sets.map((s) => s.adjustmentSharesMinor[i] ?? 0));
  const chargesMinor = sum(shares.filter((share) => share > 0));
  const allowancesMinor = -sum(shares.filter((share) => share < 0));

  const lines: Line[] = doc.lines.map((line, i) => {
    const { quantity, price } = linePrice(line, exponent);
    const group = lineSet.get(i) ?? doc.taxes[0];
    const name = lineDescription(line, doc.language, locale);
    return {
      'cbc:ID': String(i + 1),
      'cbc:InvoicedQuantity': quantity,
      'cbc:InvoicedQuantity@unitCode': (UNIT_CODES[line.unit] ?? 'C62') as UnitCode,
      'cbc:LineExtensionAmount': money(line.amountMinor),
      'cbc:LineExtensionAmount@currencyID': currency as Currency,
      'cac:Item': {
        'cbc:Name': name,
        'cac:ClassifiedTaxCategory': category(group),
      },
      'cac:Price': { 'cbc:PriceAmount': price, 'cbc:PriceAmount@currencyID': currency as Currency },
    };
  });

  const subtotals: Subtotal[] = doc.taxes.map((g) => {
    const exemption = EXEMPTION[g.categoryCode];
    return {
      'cbc:TaxableAmount': money(g.baseMinor),
      'cbc:TaxableAmount@currencyID': currency as Currency,
      'cbc:TaxAmount': money(g.amountMinor),
      'cbc:TaxAmount@currencyID': currency as Currency,
      'cac:TaxCategory': {
        ...category(g),
        ...(exemption?.code && { 'cbc:TaxExemptionReasonCode': exemption.code }),
        ...(exemption && { 'cbc:TaxExemptionReason': text(g.exemptionReason) ?? text(doc.taxExemptionReason) ?? exemption.text }),
      } as BreakdownCategory,
    };
  });

  const statement = doc.sessionStatement;
  const model: Model = {
    'cbc:CustomizationID': info.customizationId,
    'cbc:ProfileID': info.profileId,
    'cbc:ID': bill.number,
    'cbc:IssueDate': bill.issueDate,
    ...(type !== 'credit_note' && { 'cbc:DueDate': bill.dueDate }),
    'cbc:InvoiceTypeCode': type === 'credit_note' ? '381' : '380',
    'cbc:DocumentCurrencyCode': currency as Currency,
    ...(text(buyer.buyerReference) && { 'cbc:BuyerReference': text(buyer.buyerReference) }),
    'cac:InvoicePeriod': { 'cbc:StartDate': period.first, 'cbc:EndDate': period.last },
    ...(text(buyer.purchaseOrder) && { 'cac:OrderReference': { 'cbc:ID': text(buyer.purchaseOrder) } }),
    ...(doc.precedingInvoice && {
      'cac:BillingReference': [
        { 'cac:InvoiceDocumentReference': { 'cbc:ID': doc.precedingInvoice.number, 'cbc:IssueDate': doc.precedingInvoice.issueDate } },
      ],
    }),
    ...(statement &&
      statement.length > 0 && {
        'cac:AdditionalDocumentReference': [
          {
            'cbc:ID': `${bill.number}-sessions`,
            'cbc:DocumentDescription': 'Session statement',
            'cac:Attachment': {
              'cbc:EmbeddedDocumentBinaryObject': Buffer.from(sessionStatementCsv(statement)).toString('base64'),
              'cbc:EmbeddedDocumentBinaryObject@mimeCode': 'text/csv',
              'cbc:EmbeddedDocumentBinaryObject@filename': `${bill.number}-sessions.csv`,
            },
          },
        ],
      }),
    'cac:AccountingSupplierParty': {
      'cac:Party': {
        ...(seller.electronicAddress && {
          'cbc:EndpointID': seller.electronicAddress.id,
          'cbc:EndpointID@schemeID': seller.electronicAddress.scheme as Scheme,
        }),
        ...(sellerName !== seller.name && { 'cac:PartyName': { 'cbc:Name': seller.name } }),
        'cac:PostalAddress': address(sellerAddress),
        'cac:PartyTaxScheme': [
          ...(withVatIds && text(seller.vatId) ? [{ 'cbc:CompanyID': seller.vatId!, 'cac:TaxScheme': { 'cbc:ID': 'VAT' } }] : []),
          ...(text(seller.taxNumber) ? [{ 'cbc:CompanyID': seller.taxNumber!.trim(), 'cac:TaxScheme': { 'cbc:ID': 'FC' } }] : []),
        ].slice(0, 2) as SellerParty['cac:PartyTaxScheme'],
        'cac:PartyLegalEntity': {
          'cbc:RegistrationName': sellerName,
          ...(text(seller.companyRegistration) && { 'cbc:CompanyID': text(seller.companyRegistration) }),
        },
        ...((text(seller.phone) || text(seller.contactEmail) || format.startsWith('xrechnung')) && {
          'cac:Contact': {
            'cbc:Name': sellerName,
            ...(text(seller.phone) && { 'cbc:Telephone': text(seller.phone) }),
            ...(text(seller.contactEmail) && { 'cbc:ElectronicMail': text(seller.contactEmail) }),
          },
        }),
      },
    },
    'cac:AccountingCustomerParty': {
      'cac:Party': {
        ...(buyer.electronicAddress && {
          'cbc:EndpointID': buyer.electronicAddress.id,
          'cbc:EndpointID@schemeID': buyer.electronicAddress.scheme as BuyerScheme,
        }),
        ...(buyer.name !== buyerName && { 'cac:PartyName': { 'cbc:Name': buyer.name } }),
        'cac:PostalAddress': address(doc.billingAddress),
        ...(withVatIds &&
          text(buyer.vatId) && { 'cac:PartyTaxScheme': { 'cbc:CompanyID': buyer.vatId!, 'cac:TaxScheme': { 'cbc:ID': 'VAT' } } }),
        'cac:PartyLegalEntity': { 'cbc:RegistrationName': buyerName },
      },
    },
    ...(categories.has('K') && {
      'cac:Delivery': {
        'cac:DeliveryLocation': {
          'cac:Address': { 'cac:Country': { 'cbc:IdentificationCode': doc.billingAddress.country.toUpperCase() as Country } },
        },
      } as Delivery,
    }),
    ...(text(seller.iban) && {
      'cac:PaymentMeans': [
        {
          'cbc:PaymentMeansCode': '58' as PaymentMeansCode,
          'cbc:PaymentID': bill.number,
          'cac:PayeeFinancialAccount': {
            'cbc:ID': seller.iban!,
            ...(text(seller.accountHolder) && { 'cbc:Name': text(seller.accountHolder) }),
            ...(text(seller.bic) && { 'cac:FinancialInstitutionBranch': { 'cbc:ID': text(seller.bic)! } }),
          },
        },
      ],
    }),
    'cac:PaymentTerms': {
      'cbc:Note':
        type === 'credit_note'
          ? `Credit note for invoice ${doc.precedingInvoice?.number ?? ''}: not payable, credited to the customer`.replace(' :', ':')
          : (text(seller.paymentTerms) ?? `Payment due by ${bill.dueDate}`),
    },
    ...(allowanceCharges.length > 0 && { 'cac:AllowanceCharge': allowanceCharges }),
    'cac:TaxTotal': [
      {
        'cbc:TaxAmount': money(doc.totals.taxMinor),
        'cbc:TaxAmount@currencyID': currency as Currency,
        'cac:TaxSubtotal': subtotals,
      },
    ],
    'cac:LegalMonetaryTotal': {
      'cbc:LineExtensionAmount': money(sum(doc.lines.map((l) => l.amountMinor))),
      'cbc:LineExtensionAmount@currencyID': currency as Currency,
      'cbc:TaxExclusiveAmount': money(doc.totals.netMinor),
      'cbc:TaxExclusiveAmount@currencyID': currency as Currency,
      'cbc:TaxInclusiveAmount': money(doc.totals.totalMinor),
      'cbc:TaxInclusiveAmount@currencyID': currency as Currency,
      ...(allowancesMinor > 0 && {
        'cbc:AllowanceTotalAmount': money(allowancesMinor),
        'cbc:AllowanceTotalAmount@currencyID': currency as Currency,
      }),
      ...(chargesMinor > 0 && { 'cbc:ChargeTotalAmount': money(chargesMinor), 'cbc:ChargeTotalAmount@currencyID': currency as Currency }),
      'cbc:PayableAmount': money(doc.totals.totalMinor),
      'cbc:PayableAmount@currencyID': currency as Currency,
    },
    'cac:InvoiceLine': lines as Model['cac:InvoiceLine'],
  };
  return { 'ubl:Invoice': model };
}

/**
 * Every fixed text of the printed invoice, in each invoice language. `LABELS` must give every label in every
 * language: a missing one is a compile error. Texts with values in them are functions; the values (amounts, days)
 * are formatted already. The customer's own texts (names, reasons, payment terms, footer) are never in here.
 */
import type { InvoiceCorrectionType } from '../invoice-document';
import type { InvoiceLanguage } from './languages';

export type InvoiceStatusLabel = 'draft' | 'unpaid' | 'overdue' | 'paid' | 'void';

/** The title and the facts' labels of a correction (an invoice's are `invoice`, `invoiceNumber`, `issueDate`). */
export interface InvoiceCorrectionLabels {
  /** the document's title ("Credit note") */
  title: string;
  /** the label of its own number */
  number: string;
  /** the label of its own issue date */
  issueDate: string;
  /** the label of the reference to the invoice it corrects (EN 16931 BG-3), "Corrects invoice" */
  reference: string;
}

export interface InvoiceLabels {
  /** the document's title */
  invoice: string;
  billTo: string;
  invoiceNumber: string;
  issueDate: string;
  dueDate: string;
  servicePeriod: string;
  customer: string;
  plan: string;
  currency: string;
  /** EN 16931 BT-10 */
  buyerReference: string;
  /** EN 16931 BT-13 */
  purchaseOrder: string;
  vatId: string;
  taxNumber: string;
  companyRegistration: string;
  email: string;
  phone: string;
  website: string;
  status: Record<InvoiceStatusLabel, string>;
  watermark: { void: string; draft: string; sample: string };
  description: string;
  quantity: string;
  unitPrice: string;
  /** the line amount of an untaxed bill */
  amount: string;
  /** the line amount of a taxed bill (lines are net) */
  netAmount: string;
  noUsage: string;
  adjustments: string;
  adjustmentType: string;
  reason: string;
  charge: string;
  discount: string;
  taxBreakdown: string;
  tax: string;
  rate: string;
  taxableAmount: string;
  taxAmount: string;
  subtotal: string;
  netTotal: string;
  taxTotal: string;
  /** the total of an untaxed bill */
  total: string;
  /** the total of a taxed bill: net + tax */
  grossTotal: string;
  paid: string;
  balanceDue: string;
  balanceVoid: string;
  payments: string;
  date: string;
  method: string;
  reference: string;
  reversed: string;
  paymentDetails: string;
  accountHolder: string;
  iban: string;
  bic: string;
  paymentInstructions: string;
  paymentTerms: string;
  /** the status sentence at the end of the invoice (and of the e-mail); `credited`/`creditVoid` end a credit note */
  closing: {
    void: string;
    paid: string;
    payBy(amount: string, date: string): string;
    overdue(amount: string, date: string): string;
    credited(amount: string): string;
    creditVoid: string;
  };
  /** a credit note's and a supplementary invoice's title and facts */
  corrections: Record<InvoiceCorrectionType, InvoiceCorrectionLabels>;
  /** the corrected invoice after its label: its number and its issue date (formatted already), "INV-000012 of Nov 1, 2026" */
  precedingInvoice(number: string, date: string): string;
  /** the total of a credit note, in place of "Total": untaxed, and taxed (the gross) */
  credited: { total: string; gross: string };
  /** the small print on dates and amounts */
  zoneNote(timeZone: string, currency: string): string;
  /** the name of the tax on the sample invoice of the preview */
  sampleTaxName: string;
}

export const LABELS: Readonly<Record<InvoiceLanguage, InvoiceLabels>> = {
  en: {
    invoice: 'Invoice',
    billTo: 'Bill to',
    invoiceNumber: 'Invoice number',
    issueDate: 'Issue date',
    dueDate: 'Due date',
    servicePeriod: 'Service period',
    customer: 'Customer',
    plan: 'Plan',
    currency: 'Currency',
    buyerReference: 'Buyer reference',
    purchaseOrder: 'Purchase order',
    vatId: 'VAT ID',
    taxNumber: 'Tax number',
    companyRegistration: 'Company registration',
    email: 'E-mail',
    phone: 'Phone',
    website: 'Website',
    status: { draft: 'Draft', unpaid: 'Unpaid', overdue: 'Overdue', paid: 'Paid', void: 'Void' },
    watermark: { void: 'VOID', draft: 'DRAFT', sample: 'SAMPLE' },
    description: 'Description',
    quantity: 'Quantity',
    unitPrice: 'Unit price',
    amount: 'Amount',
    netAmount: 'Net amount',
    noUsage: 'No usage in this period.',
    adjustments: 'Charges and discounts',
    adjustmentType: 'Type',
    reason: 'Reason',
    charge: 'Charge',
    discount: 'Discount',
    taxBreakdown: 'Tax breakdown',
    tax: 'Tax',
    rate: 'Rate',
    taxableAmount: 'Taxable amount',
    taxAmount: 'Tax amount',
    subtotal: 'Subtotal',
    netTotal: 'Net total',
    taxTotal: 'Tax',
    total: 'Total',
    grossTotal: 'Total',
    paid: 'Paid',
    balanceDue: 'Balance due',
    balanceVoid: 'Balance (void)',
    payments: 'Payments',
    date: 'Date',
    method: 'Method',
    reference: 'Reference',
    reversed: '(reversed)',
    paymentDetails: 'Payment details',
    accountHolder: 'Account holder',
    iban: 'IBAN',
    bic: 'BIC',
    paymentInstructions: 'How to pay',
    paymentTerms: 'Payment terms',
    closing: {
      void: 'This invoice has been voided and is not payable.',
      paid: 'This invoice is paid. Thank you.',
      payBy: (amount, date) => `Please pay ${amount} by ${date}.`,
      overdue: (amount, date) => `Payment of ${amount} was due on ${date}. Please pay as soon as possible.`,
      credited: (amount) => `${amount} is credited to you. No payment is due.`,
      creditVoid: 'This credit note has been voided.',
    },
    zoneNote: (zone, currency) => `Dates are calendar days in the ${zone} time zone. Amounts in ${currency}.`,
    sampleTaxName: 'VAT',
    corrections: {
      credit_note: { title: 'Credit note', number: 'Credit note number', issueDate: 'Issue date', reference: 'Corrects invoice' },
      supplementary_invoice: {
        title: 'Supplementary invoice',
        number: 'Invoice number',
        issueDate: 'Issue date',
        reference: 'Supplementary to invoice',
      },
    },
    precedingInvoice: (number, date) => `${number} of ${date}`,
    credited: { total: 'Total credited', gross: 'Total credited' },
  },
  de: {
    invoice: 'Rechnung',
    billTo: 'Rechnungsempfänger',
    invoiceNumber: 'Rechnungsnummer',
    issueDate: 'Rechnungsdatum',
    dueDate: 'Fällig am',
    servicePeriod: 'Leistungszeitraum',
    customer: 'Kunde',
    plan: 'Tarif',
    currency: 'Währung',
    buyerReference: 'Käuferreferenz',
    purchaseOrder: 'Bestellnummer',
    vatId: 'USt-IdNr.',
    taxNumber: 'Steuernummer',
    companyRegistration: 'Handelsregister',
    email: 'E-Mail',
    phone: 'Telefon',
    website: 'Web',
    status: { draft: 'Entwurf', unpaid: 'Offen', overdue: 'Überfällig', paid: 'Bezahlt', void: 'Storniert' },
    watermark: { void: 'STORNIERT', draft: 'ENTWURF', sample: 'MUSTER' },
    description: 'Beschreibung',
    quantity: 'Menge',
    unitPrice: 'Einzelpreis',
    amount: 'Betrag',
    netAmount: 'Nettobetrag',
    noUsage: 'Keine Nutzung in diesem Zeitraum.',
    adjustments: 'Zuschläge und Rabatte',
    adjustmentType: 'Art',
    reason: 'Grund',
    charge: 'Zuschlag',
    discount: 'Rabatt',
    taxBreakdown: 'Steueraufstellung',
    tax: 'Steuer',
    rate: 'Satz',
    taxableAmount: 'Bemessungsgrundlage',
    taxAmount: 'Steuerbetrag',
    subtotal: 'Zwischensumme',
    netTotal: 'Summe netto',
    taxTotal: 'Steuer',
    total: 'Gesamtbetrag',
    grossTotal: 'Gesamtbetrag brutto',
    paid: 'Bezahlt',
    balanceDue: 'Offener Betrag',
    balanceVoid: 'Offener Betrag (storniert)',
    payments: 'Zahlungen',
    date: 'Datum',
    method: 'Zahlungsart',
    reference: 'Referenz',
    reversed: '(storniert)',
    paymentDetails: 'Zahlungsinformationen',
    accountHolder: 'Kontoinhaber',
    iban: 'IBAN',
    bic: 'BIC',
    paymentInstructions: 'Zahlungshinweise',
    paymentTerms: 'Zahlungsbedingungen',
    closing: {
      void: 'Diese Rechnung wurde storniert und ist nicht zu bezahlen.',
      paid: 'Diese Rechnung ist bezahlt. Vielen Dank.',
      payBy: (amount, date) => `Bitte zahlen Sie ${amount} bis zum ${date}.`,
      overdue: (amount, date) => `Die Zahlung von ${amount} war am ${date} fällig. Bitte zahlen Sie umgehend.`,
      credited: (amount) => `Der Betrag von ${amount} wird Ihnen gutgeschrieben. Es ist keine Zahlung fällig.`,
      creditVoid: 'Diese Rechnungskorrektur wurde storniert.',
    },
    zoneNote: (zone, currency) => `Datumsangaben sind Kalendertage in der Zeitzone ${zone}. Beträge in ${currency}.`,
    sampleTaxName: 'USt.',
    corrections: {
      credit_note: { title: 'Rechnungskorrektur', number: 'Belegnummer', issueDate: 'Belegdatum', reference: 'Korrigiert die Rechnung' },
      supplementary_invoice: {
        title: 'Nachtragsrechnung',
        number: 'Rechnungsnummer',
        issueDate: 'Rechnungsdatum',
        reference: 'Nachtrag zur Rechnung',
      },
    },
    precedingInvoice: (number, date) => `${number} vom ${date}`,
    credited: { total: 'Korrekturbetrag', gross: 'Korrekturbetrag brutto' },
  },
  fr: {
    invoice: 'Facture',
    billTo: 'Facturé à',
    invoiceNumber: 'Numéro de facture',
    issueDate: "Date d'émission",
    dueDate: "Date d'échéance",
    servicePeriod: 'Période de prestation',
    customer: 'Client',
    plan: 'Formule',
    currency: 'Devise',
    buyerReference: "Référence de l'acheteur",
    purchaseOrder: 'Bon de commande',
    vatId: 'N° TVA',
    taxNumber: 'N° fiscal',
    companyRegistration: 'Immatriculation',
    email: 'E-mail',
    phone: 'Téléphone',
    website: 'Site web',
    status: { draft: 'Brouillon', unpaid: 'Non payée', overdue: 'En retard', paid: 'Payée', void: 'Annulée' },
    watermark: { void: 'ANNULÉE', draft: 'BROUILLON', sample: 'SPÉCIMEN' },
    description: 'Description',
    quantity: 'Quantité',
    unitPrice: 'Prix unitaire',
    amount: 'Montant',
    netAmount: 'Montant HT',
    noUsage: 'Aucune utilisation sur cette période.',
    adjustments: 'Frais et remises',
    adjustmentType: 'Type',
    reason: 'Motif',
    charge: 'Frais',
    discount: 'Remise',
    taxBreakdown: 'Récapitulatif des taxes',
    tax: 'Taxe',
    rate: 'Taux',
    taxableAmount: 'Base HT',
    taxAmount: 'Montant de la taxe',
    subtotal: 'Sous-total',
    netTotal: 'Total HT',
    taxTotal: 'Total taxes',
    total: 'Total',
    grossTotal: 'Total TTC',
    paid: 'Payé',
    balanceDue: 'Reste à payer',
    balanceVoid: 'Solde (annulée)',
    payments: 'Paiements',
    date: 'Date',
    method: 'Moyen',
    reference: 'Référence',
    reversed: '(annulé)',
    paymentDetails: 'Modalités de paiement',
    accountHolder: 'Titulaire du compte',
    iban: 'IBAN',
    bic: 'BIC',
    paymentInstructions: 'Instructions de paiement',
    paymentTerms: 'Conditions de paiement',
    closing: {
      void: "Cette facture a été annulée et n'est pas à payer.",
      paid: 'Cette facture est réglée. Merci.',
      payBy: (amount, date) => `Merci de régler ${amount} au plus tard le ${date}.`,
      overdue: (amount, date) => `Le paiement de ${amount} était dû le ${date}. Merci de régler au plus vite.`,
      credited: (amount) => `Le montant de ${amount} est porté à votre crédit. Aucun paiement n'est dû.`,
      creditVoid: 'Cet avoir a été annulé.',
    },
    zoneNote: (zone, currency) => `Les dates sont des jours calendaires dans le fuseau horaire ${zone}. Montants en ${currency}.`,
    sampleTaxName: 'TVA',
    corrections: {
      credit_note: { title: 'Avoir', number: "Numéro d'avoir", issueDate: "Date d'émission", reference: 'Rectifie la facture' },
      supplementary_invoice: {
        title: 'Facture rectificative',
        number: 'Numéro de facture',
        issueDate: "Date d'émission",
        reference: 'Complète la facture',
      },
    },
    precedingInvoice: (number, date) => `n° ${number} du ${date}`,
    credited: { total: "Total de l'avoir", gross: "Total TTC de l'avoir" },
  },
  es: {
    invoice: 'Factura',
    billTo: 'Facturar a',
    invoiceNumber: 'Número de factura',
    issueDate: 'Fecha de emisión',
    dueDate: 'Fecha de vencimiento',
    servicePeriod: 'Periodo de servicio',
    customer: 'Cliente',
    plan: 'Plan',
    currency: 'Moneda',
    buyerReference: 'Referencia del comprador',
    purchaseOrder: 'Orden de compra',
    vatId: 'NIF-IVA',
    taxNumber: 'N.º de identificación fiscal',
    companyRegistration: 'Registro mercantil',
    email: 'Correo electrónico',
    phone: 'Teléfono',
    website: 'Sitio web',
    status: { draft: 'Borrador', unpaid: 'Pendiente', overdue: 'Vencida', paid: 'Pagada', void: 'Anulada' },
    watermark: { void: 'ANULADA', draft: 'BORRADOR', sample: 'MUESTRA' },
    description: 'Descripción',
    quantity: 'Cantidad',
    unitPrice: 'Precio unitario',
    amount: 'Importe',
    netAmount: 'Importe neto',
    noUsage: 'Sin uso en este periodo.',
    adjustments: 'Cargos y descuentos',
    adjustmentType: 'Tipo',
    reason: 'Motivo',
    charge: 'Cargo',
    discount: 'Descuento',
    taxBreakdown: 'Desglose de impuestos',
    tax: 'Impuesto',
    rate: 'Tipo',
    taxableAmount: 'Base imponible',
    taxAmount: 'Cuota',
    subtotal: 'Subtotal',
    netTotal: 'Total neto',
    taxTotal: 'Impuestos',
    total: 'Total',
    grossTotal: 'Total (impuestos incluidos)',
    paid: 'Pagado',
    balanceDue: 'Saldo pendiente',
    balanceVoid: 'Saldo (anulada)',
    payments: 'Pagos',
    date: 'Fecha',
    method: 'Método',
    reference: 'Referencia',
    reversed: '(revertido)',
    paymentDetails: 'Datos de pago',
    accountHolder: 'Titular de la cuenta',
    iban: 'IBAN',
    bic: 'BIC',
    paymentInstructions: 'Instrucciones de pago',
    paymentTerms: 'Condiciones de pago',
    closing: {
      void: 'Esta factura ha sido anulada y no debe pagarse.',
      paid: 'Esta factura está pagada. Gracias.',
      payBy: (amount, date) => `Le rogamos que pague ${amount} antes del ${date}.`,
      overdue: (amount, date) => `El pago de ${amount} venció el ${date}. Le rogamos que pague lo antes posible.`,
      credited: (amount) => `El importe de ${amount} se abona a su favor. No hay ningún pago pendiente.`,
      creditVoid: 'Esta factura rectificativa ha sido anulada.',
    },
    zoneNote: (zone, currency) => `Las fechas son días naturales en la zona horaria ${zone}. Importes en ${currency}.`,
    sampleTaxName: 'IVA',
    corrections: {
      credit_note: {
        title: 'Factura rectificativa (abono)',
        number: 'Número de factura',
        issueDate: 'Fecha de emisión',
        reference: 'Rectifica la factura',
      },
      supplementary_invoice: {
        title: 'Factura rectificativa (complementaria)',
        number: 'Número de factura',
        issueDate: 'Fecha de emisión',
        reference: 'Complementa la factura',
      },
    },
    precedingInvoice: (number, date) => `n.º ${number} de fecha ${date}`,
    credited: { total: 'Total abonado', gross: 'Total abonado (impuestos incluidos)' },
  },
  nl: {
    invoice: 'Factuur',
    billTo: 'Factuur aan',
    invoiceNumber: 'Factuurnummer',
    issueDate: 'Factuurdatum',
    dueDate: 'Vervaldatum',
    servicePeriod: 'Leveringsperiode',
    customer: 'Klant',
    plan: 'Abonnement',
    currency: 'Valuta',
    buyerReference: 'Referentie koper',
    purchaseOrder: 'Inkoopordernummer',
    vatId: 'Btw-nummer',
    taxNumber: 'Fiscaal nummer',
    companyRegistration: 'KvK-nummer',
    email: 'E-mail',
    phone: 'Telefoon',
    website: 'Website',
    status: { draft: 'Concept', unpaid: 'Onbetaald', overdue: 'Achterstallig', paid: 'Betaald', void: 'Geannuleerd' },
    watermark: { void: 'GEANNULEERD', draft: 'CONCEPT', sample: 'VOORBEELD' },
    description: 'Omschrijving',
    quantity: 'Aantal',
    unitPrice: 'Prijs per eenheid',
    amount: 'Bedrag',
    netAmount: 'Bedrag excl. btw',
    noUsage: 'Geen gebruik in deze periode.',
    adjustments: 'Toeslagen en kortingen',
    adjustmentType: 'Soort',
    reason: 'Reden',
    charge: 'Toeslag',
    discount: 'Korting',
    taxBreakdown: 'Btw-specificatie',
    tax: 'Belasting',
    rate: 'Tarief',
    taxableAmount: 'Grondslag',
    taxAmount: 'Belastingbedrag',
    subtotal: 'Subtotaal',
    netTotal: 'Totaal excl. btw',
    taxTotal: 'Belasting',
    total: 'Totaal',
    grossTotal: 'Totaal incl. btw',
    paid: 'Betaald',
    balanceDue: 'Openstaand bedrag',
    balanceVoid: 'Saldo (geannuleerd)',
    payments: 'Betalingen',
    date: 'Datum',
    method: 'Methode',
    reference: 'Referentie',
    reversed: '(teruggeboekt)',
    paymentDetails: 'Betaalgegevens',
    accountHolder: 'Rekeninghouder',
    iban: 'IBAN',
    bic: 'BIC',
    paymentInstructions: 'Betaalinstructies',
    paymentTerms: 'Betalingsvoorwaarden',
    closing: {
      void: 'Deze factuur is geannuleerd en hoeft niet betaald te worden.',
      paid: 'Deze factuur is betaald. Hartelijk dank.',
      payBy: (amount, date) => `Gelieve ${amount} te betalen vóór ${date}.`,
      overdue: (amount, date) => `De betaling van ${amount} was verschuldigd op ${date}. Gelieve zo spoedig mogelijk te betalen.`,
      credited: (amount) => `Het bedrag van ${amount} wordt aan u gecrediteerd. Er hoeft niets betaald te worden.`,
      creditVoid: 'Deze creditnota is geannuleerd.',
    },
    zoneNote: (zone, currency) => `Datums zijn kalenderdagen in de tijdzone ${zone}. Bedragen in ${currency}.`,
    sampleTaxName: 'Btw',
    corrections: {
      credit_note: { title: 'Creditnota', number: 'Creditnotanummer', issueDate: 'Datum', reference: 'Correctie op factuur' },
      supplementary_invoice: {
        title: 'Aanvullende factuur',
        number: 'Factuurnummer',
        issueDate: 'Factuurdatum',
        reference: 'Aanvulling op factuur',
      },
    },
    precedingInvoice: (number, date) => `${number} van ${date}`,
    credited: { total: 'Totaal gecrediteerd', gross: 'Totaal gecrediteerd incl. btw' },
  },
  it: {
    invoice: 'Fattura',
    billTo: 'Intestata a',
    invoiceNumber: 'Numero fattura',
    issueDate: 'Data di emissione',
    dueDate: 'Data di scadenza',
    servicePeriod: 'Periodo di fornitura',
    customer: 'Cliente',
    plan: 'Piano',
    currency: 'Valuta',
    buyerReference: "Riferimento dell'acquirente",
    purchaseOrder: "Ordine d'acquisto",
    vatId: 'Partita IVA',
    taxNumber: 'Codice fiscale',
    companyRegistration: 'Registro delle imprese',
    email: 'E-mail',
    phone: 'Telefono',
    website: 'Sito web',
    status: { draft: 'Bozza', unpaid: 'Da pagare', overdue: 'Scaduta', paid: 'Pagata', void: 'Annullata' },
    watermark: { void: 'ANNULLATA', draft: 'BOZZA', sample: 'FAC-SIMILE' },
    description: 'Descrizione',
    quantity: 'Quantità',
    unitPrice: 'Prezzo unitario',
    amount: 'Importo',
    netAmount: 'Importo netto',
    noUsage: 'Nessun utilizzo in questo periodo.',
    adjustments: 'Addebiti e sconti',
    adjustmentType: 'Tipo',
    reason: 'Motivo',
    charge: 'Addebito',
    discount: 'Sconto',
    taxBreakdown: 'Riepilogo imposte',
    tax: 'Imposta',
    rate: 'Aliquota',
    taxableAmount: 'Imponibile',
    taxAmount: 'Importo imposta',
    subtotal: 'Subtotale',
    netTotal: 'Totale imponibile',
    taxTotal: 'Totale imposte',
    total: 'Totale',
    grossTotal: 'Totale documento',
    paid: 'Pagato',
    balanceDue: 'Saldo da pagare',
    balanceVoid: 'Saldo (annullata)',
    payments: 'Pagamenti',
    date: 'Data',
    method: 'Metodo',
    reference: 'Riferimento',
    reversed: '(stornato)',
    paymentDetails: 'Coordinate di pagamento',
    accountHolder: 'Intestatario del conto',
    iban: 'IBAN',
    bic: 'BIC',
    paymentInstructions: 'Istruzioni di pagamento',
    paymentTerms: 'Termini di pagamento',
    closing: {
      void: 'Questa fattura è stata annullata e non deve essere pagata.',
      paid: 'Questa fattura è stata pagata. Grazie.',
      payBy: (amount, date) => `Si prega di pagare ${amount} entro il ${date}.`,
      overdue: (amount, date) => `Il pagamento di ${amount} era dovuto il ${date}. Si prega di pagare al più presto.`,
      credited: (amount) => `L'importo di ${amount} viene accreditato a Suo favore. Non è dovuto alcun pagamento.`,
      creditVoid: 'Questa nota di credito è stata annullata.',
    },
    zoneNote: (zone, currency) => `Le date sono giorni di calendario nel fuso orario ${zone}. Importi in ${currency}.`,
    sampleTaxName: 'IVA',
    corrections: {
      credit_note: {
        title: 'Nota di credito',
        number: 'Numero nota di credito',
        issueDate: 'Data di emissione',
        reference: 'Rettifica la fattura',
      },
      supplementary_invoice: {
        title: 'Nota di debito',
        number: 'Numero nota di debito',
        issueDate: 'Data di emissione',
        reference: 'Integra la fattura',
      },
    },
    precedingInvoice: (number, date) => `n. ${number} del ${date}`,
    credited: { total: 'Totale nota di credito', gross: 'Totale nota di credito' },
  },
};

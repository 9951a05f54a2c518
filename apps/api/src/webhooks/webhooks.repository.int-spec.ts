import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../../../test/support/database';
import type { AppConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import type { WebhookEventType } from './webhook-event-types';
import { WebhookEvents } from './webhook-events';
import { WebhooksRepository } from './webhooks.repository';

/**
 * The webhook outbox against real Postgres: events written in the caller's transaction, the claim that keeps
 * workers apart (SKIP LOCKED, leases, lease tokens), and an endpoint deleted while an event is being written.
 */
describe('WebhooksRepository and WebhookEvents (Postgres)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let other: DataSource;
  let repo: WebhooksRepository;
  let events: WebhookEvents;
  let org: string;
  const T = new Date('2026-05-01T10:00:00.000Z');
  const at = (s: number) => new Date(T.getTime() + s * 1000);

  const endpoint = async (eventTypes: WebhookEventType[], enabled = true) => {
    const id = randomUUID();
    await ds.transaction((m) =>
      repo.insertEndpoint(
        {
          organizationId: org,
          id,
          url: 'https://example.com/hook',
          description: null,
          eventTypes,
          enabled,
          secretCiphertext: Buffer.from('sealed'),
          secretKeyId: 'k',
          secretCreatedAt: T,
        },
        m,
      ),
    );
    return id;
  };
  const deliveriesOf = (endpointId: string) => repo.listDeliveries(org, endpointId, { after: null, limit: 100 });

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource(dataSourceOptions(db.url, 4));
    other = new DataSource(dataSourceOptions(db.url, 4));
    await Promise.all([ds.initialize(), other.initialize()]);
    repo = new WebhooksRepository(ds);
    events = new WebhookEvents(repo, { webhookMaxAttempts: 5 } as AppConfig, () => T);
    org = (await new OrganizationsRepository(ds).insert('Hooks', 'UTC')).id;
  });
  afterAll(async () => {
    await Promise.all([ds?.destroy(), other?.destroy()]);
    await db?.drop();
  });
  beforeEach(async () => {
    await ds.query('DELETE FROM webhook_deliveries');
    await ds.query('DELETE FROM webhook_events');
    await ds.query('DELETE FROM webhook_endpoints');
  });

  it('emit writes the event and one pending delivery per enabled endpoint subscribed to its type, in the caller transaction', async () => {
    const paid = await endpoint(['bill.paid', 'bill.issued']);
    const issuedOnly = await endpoint(['bill.issued']);
    const disabled = await endpoint(['bill.paid'], false);
    const [eventId] = await ds.transaction(async (m) =>
      events.emitMany(m, org, [{ type: 'bill.paid', data: { billId: 'b-1', totalMinor: 1250 } }]),
    );
    const [ev] = await ds.query(
      'SELECT type, occurred_at AS "occurredAt", body FROM webhook_events WHERE organization_id = $1 AND id = $2',
      [org, eventId],
    );
    expect(ev).toEqual({
      type: 'bill.paid',
      occurredAt: T,
      body: '{"type":"bill.paid","timestamp":"2026-05-01T10:00:00.000Z","data":{"billId":"b-1","totalMinor":1250}}',
    });
    expect(
      (await deliveriesOf(paid)).map((d) => ({ eventId: d.eventId, status: d.status, attempts: d.attempts, maxAttempts: d.maxAttempts })),
    ).toEqual([{ eventId, status: 'pending', attempts: 0, maxAttempts: 5 }]);
    expect(await deliveriesOf(issuedOnly)).toEqual([]);
    expect(await deliveriesOf(disabled)).toEqual([]);
  });

  it('a rolled-back change emits nothing', async () => {
    const id = await endpoint(['payment.recorded']);
    await expect(
      ds.transaction(async (m) => {
        await events.emit(m, org, 'payment.recorded', { paymentId: 'p' });
        throw new Error('the payment failed');
      }),
    ).rejects.toThrow('the payment failed');
    expect(await deliveriesOf(id)).toEqual([]);
    expect(await ds.query('SELECT * FROM webhook_events')).toEqual([]);
  });

  it('refuses an unknown type, data that is not an object, and a body over 256 KB', async () => {
    await ds.transaction(async (m) => {
      await expect(events.emit(m, org, 'bill.exploded' as WebhookEventType, {})).rejects.toThrow('unknown webhook event type');
      await expect(events.emit(m, org, 'bill.paid', [] as unknown as object)).rejects.toThrow('JSON object');
      await expect(events.emit(m, org, 'bill.paid', { big: 'x'.repeat(300_000) })).rejects.toThrow('at most 262144 bytes');
    });
  });

  it('two workers claiming at once never get the same delivery (FOR UPDATE SKIP LOCKED), and together get them all', async () => {
    const id = await endpoint(['bill.issued']);
    await ds.transaction((m) =>
      events.emitMany(
        m,
        org,
        Array.from({ length: 40 }, (_, i) => ({ type: 'bill.issued' as const, data: { n: i } })),
      ),
    );
    const a = new WebhooksRepository(ds);
    const b = new WebhooksRepository(other);
    const claims = await Promise.all([a.claimDue(at(1), 25, 60), b.claimDue(at(1), 25, 60), a.claimDue(at(1), 25, 60)]);
    const ids = claims.flat().map((c) => c.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    expect(claims.flat().every((c) => c.attempts === 1 && c.endpointId === id && c.body.startsWith('{"type":"bill.issued"'))).toBe(true);
    // Claimed ones are leased: nothing is due again until the lease (60 s) ends.
    expect(await a.claimDue(at(30), 100, 60)).toEqual([]);
  });

  it('a lease that runs out gives the delivery to another worker; the first one can then no longer record its outcome', async () => {
    await endpoint(['bill.voided']);
    await ds.transaction((m) => events.emit(m, org, 'bill.voided', { billId: 'v' }));
    const [first] = await repo.claimDue(at(0), 10, 60);
    const [second] = await new WebhooksRepository(other).claimDue(at(61), 10, 60);
    expect(second.id).toBe(first.id);
    expect(second.attempts).toBe(2);
    expect(second.leaseToken).not.toBe(first.leaseToken);
    expect(await repo.markDelivered(first, 200, at(62))).toBe(false);
    expect(await repo.markDelivered(second, 200, at(62))).toBe(true);
    const [row] = await deliveriesOf(second.endpointId);
    expect(row).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200, deliveredAt: at(62) });
  });

  it('a failed attempt is pending again at its retry time, or failed after the last one', async () => {
    await endpoint(['bill.overdue']);
    await ds.transaction((m) => events.emit(m, org, 'bill.overdue', { billId: 'o' }));
    const [d] = await repo.claimDue(at(0), 10, 60);
    expect(await repo.markFailedAttempt(d, 500, 'HTTP 500', at(5))).toBe(true);
    expect(await repo.claimDue(at(4), 10, 60)).toEqual([]);
    const [again] = await repo.claimDue(at(5), 10, 60);
    expect(again.attempts).toBe(2);
    expect(await repo.markFailedAttempt(again, null, 'timed out', null)).toBe(true);
    expect(await deliveriesOf(d.endpointId)).toEqual([
      expect.objectContaining({ status: 'failed', attempts: 2, lastStatusCode: null, lastError: 'timed out', deliveredAt: null }),
    ]);
    expect(await repo.claimDue(at(3600), 10, 60)).toEqual([]);
  });

  it('event deliveries of a disabled endpoint wait; test pings and redeliveries go out anyway', async () => {
    const id = await endpoint(['bill.drafted']);
    await ds.transaction((m) => events.emit(m, org, 'bill.drafted', { billId: 'd' }));
    await ds.transaction((m) =>
      repo.updateEndpoint(
        org,
        id,
        { url: 'https://example.com/hook', description: null, eventTypes: ['bill.drafted'], enabled: false, disabledReason: null },
        m,
      ),
    );
    const eventId = randomUUID();
    await ds.transaction(async (m) => {
      await repo.insertEvent(m, org, T, { id: eventId, type: 'webhook.test', body: '{}' });
      await repo.insertDelivery(m, {
        organizationId: org,
        id: randomUUID(),
        endpointId: id,
        eventId,
        trigger: 'test',
        redeliveryOf: null,
        maxAttempts: 5,
        dueAt: T,
      });
    });
    expect((await repo.claimDue(at(1), 10, 60)).map((c) => c.eventType)).toEqual(['webhook.test']);
    await ds.transaction((m) =>
      repo.updateEndpoint(
        org,
        id,
        { url: 'https://example.com/hook', description: null, eventTypes: ['bill.drafted'], enabled: true, disabledReason: null },
        m,
      ),
    );
    expect((await repo.claimDue(at(1), 10, 60)).map((c) => c.eventType)).toEqual(['bill.drafted']);
  });

  it('an endpoint deleted while an event is being written waits for that transaction, then takes its delivery along', async () => {
    const id = await endpoint(['credit_note.issued']);
    const runner = ds.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await events.emit(runner.manager, org, 'credit_note.issued', { creditNoteId: 'c' });
      let deleted = false;
      const deletion = other.transaction(async (m) => {
        await new WebhooksRepository(other).deleteEndpoint(org, id, m);
        deleted = true;
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(deleted).toBe(false); // blocked by FOR KEY SHARE
      await runner.commitTransaction();
      await deletion;
      expect(deleted).toBe(true);
    } finally {
      await runner.release();
    }
    expect(await ds.query('SELECT count(*)::int AS n FROM webhook_deliveries')).toEqual([{ n: 0 }]);
    expect(await ds.query(`SELECT type FROM webhook_events`)).toEqual([{ type: 'credit_note.issued' }]);
  });
});

import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../../../test/support/database';
import { AssociationsRepository } from '../associations/associations.repository';
import { dataSourceOptions } from '../database/data-source';
import { DepartmentsRepository } from '../departments/departments.repository';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { PlansRepository } from './plans.repository';

/** The rules the database itself enforces, against real Postgres with the migrations applied. */
describe('PlansRepository and AssociationsRepository (Postgres)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let plans: PlansRepository;
  let associations: AssociationsRepository;
  let orgId: string;
  let deptId: string;

  const plan = (name: string) => ({
    organizationId: orgId,
    id: randomUUID(),
    name,
    currency: 'USD',
    billingType: 'per_session' as const,
    sessionRateMinor: 100,
    hourRateMinor: null,
    unattendedDeviceRateMinor: 0,
    billingIncrementMinutes: 1,
    minimumBillableMinutes: 0,
  });
  const association = (planId: string) => ({
    organizationId: orgId,
    id: randomUUID(),
    planId,
    departmentId: deptId,
    billingCycle: 'monthly' as const,
    billStartDate: '2026-01-01',
    dueDays: 10,
    billingAddress: { name: 'n', line1: 'l', city: 'c', country: 'DE' },
    recipients: ['a@b.test'],
    timeZone: 'UTC',
    nextPeriodStart: new Date('2026-01-01T00:00:00Z'),
    nextPeriodEnd: new Date('2026-02-01T00:00:00Z'),
    startsAt: new Date('2026-01-01T00:00:00Z'),
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource(dataSourceOptions(db.url, 3));
    await ds.initialize();
    plans = new PlansRepository(ds);
    associations = new AssociationsRepository(ds);
    orgId = (await new OrganizationsRepository(ds).insert('Org', 'UTC')).id;
    deptId = (await ds.transaction((m) => new DepartmentsRepository(ds).insert(orgId, { name: 'D', externalId: null }, m))).id;
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('makes plan names unique per organization, case-insensitively, among live plans only', async () => {
    const first = plan('Gold');
    await ds.transaction((m) => plans.insert(first, m));
    await expect(ds.transaction((m) => plans.insert(plan('GOLD'), m))).rejects.toMatchObject({ code: '23505' });
    await ds.transaction((m) => plans.softDelete(orgId, first.id, m));
    await expect(ds.transaction((m) => plans.insert(plan('gold'), m))).resolves.toBeUndefined();
    expect(await plans.findById(orgId, first.id)).toBeNull();
  });

  it('refuses a per_hour plan without an hour rate', async () => {
    await expect(ds.transaction((m) => plans.insert({ ...plan('No rate'), billingType: 'per_hour' }, m))).rejects.toMatchObject({
      code: '23514',
    });
  });

  it('allows one active association per department, then another once it ended', async () => {
    const p = plan('Assoc');
    await ds.transaction((m) => plans.insert(p, m));
    const a = association(p.id);
    await ds.transaction((m) => associations.insert(a, m));
    await expect(ds.transaction((m) => associations.insert(association(p.id), m))).rejects.toMatchObject({ code: '23505' });
    await ds.transaction((m) => associations.update(orgId, a.id, { endedAt: new Date() }, m));
    await expect(ds.transaction((m) => associations.insert(association(p.id), m))).resolves.toBeUndefined();
    const row = await plans.findById(orgId, p.id);
    expect(row?.activeAssociationsCount).toBe(1);
    const listed = await associations.list(orgId, { planId: p.id });
    expect(listed.map((r) => r.departmentName)).toEqual(['D', 'D']);
    expect(listed[0].billed).toBe(false);
  });
});

import { SqlConditions } from './sql-conditions';

describe('SqlConditions', () => {
  it('numbers each value after the ones given, in order, and joins the conditions with AND', () => {
    const w = new SqlConditions('b.organization_id = $1', ['org', 'now']);
    w.add('b.status = ?', 'paid').raw('b.total > 0').add('(b.a, b.id) < (?, ?)', 'x', 'y');
    expect(w.param(11)).toBe('$6');
    expect(w.sql()).toBe('b.organization_id = $1 AND b.status = $3 AND b.total > 0 AND (b.a, b.id) < ($4, $5)');
    expect(w.params).toEqual(['org', 'now', 'paid', 'x', 'y', 11]);
  });
});

/**
 * The WHERE of a list query, built condition by condition with numbered parameters: `add('b.status = ?', 'paid')`
 * appends `b.status = $3` and its value. `?` stands for the next value, in order; `raw` appends a condition that
 * takes none. `params` may start with values the query numbers itself ($1, $2…).
 */
export class SqlConditions {
  readonly params: unknown[];
  private readonly conditions: string[];

  constructor(first: string, params: unknown[]) {
    this.conditions = [first];
    this.params = [...params];
  }

  add(sql: string, ...values: unknown[]): this {
    let s = sql;
    for (const v of values) {
      this.params.push(v);
      s = s.replace('?', `$${this.params.length}`);
    }
    this.conditions.push(s);
    return this;
  }

  raw(sql: string): this {
    this.conditions.push(sql);
    return this;
  }

  /** The next parameter's placeholder after pushing `value` (for LIMIT and the like). */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  sql(): string {
    return this.conditions.join(' AND ');
  }
}

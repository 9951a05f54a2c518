import { QueryFailedError } from 'typeorm';
import { loggable } from './api-exception.filter';

describe('loggable', () => {
  it('keeps what explains a database error and drops the values it was sent with', () => {
    const driverError = Object.assign(new Error('value too long for type character varying(200)'), {
      code: '22001',
      detail: 'Failing row contains (x@y.test, $argon2id$v=19$m=19456...)',
      parameters: ['$argon2id$v=19$m=19456'],
    });
    const err = new QueryFailedError(
      'INSERT INTO users (email, password_hash) VALUES ($1, $2)',
      ['x@y.test', '$argon2id$v=19$m=19456'],
      driverError,
    );
    const logged = JSON.stringify(loggable(err));
    expect(logged).toContain('value too long');
    expect(logged).toContain('INSERT INTO users');
    expect(logged).toContain('22001');
    expect(logged).not.toContain('argon2');
    expect(logged).not.toContain('x@y.test');
  });

  it('passes anything that is not an Error through', () => {
    expect(loggable('boom')).toBe('boom');
  });
});

import { Webhook } from 'standardwebhooks';
import { generateSecret, secretKey, sign, webhookHeaders } from './signing';

describe('Standard Webhooks signatures', () => {
  // The specification's libraries' own example, recomputed here with
  // `printf '%s' 'msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}' |
  //    openssl dgst -sha256 -mac HMAC -macopt hexkey:$(printf MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw | base64 -d | xxd -p -c 256) -binary | base64`
  const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const TS = 1614265330;
  const BODY = '{"test": 2432232314}';

  it('signs `${id}.${timestamp}.${body}` with HMAC-SHA256 under the base64-decoded secret: v1,<base64>', () => {
    expect(sign(SECRET, ID, TS, BODY)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('the key is the bytes after whsec_, not the text', () => {
    expect(secretKey(SECRET)).toEqual(Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64'));
    expect(() => secretKey('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toThrow('whsec_');
    expect(() => secretKey('whsec_c2hvcnQ=')).toThrow('24 bytes');
  });

  it('new secrets are whsec_ + base64 of 32 random bytes, all different', () => {
    const a = generateSecret();
    const b = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(secretKey(a)).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it('headers: webhook-id, webhook-timestamp, and one signature per secret separated by a space', () => {
    const other = 'whsec_' + Buffer.alloc(24, 7).toString('base64');
    const h = webhookHeaders([SECRET, other], ID, TS, BODY);
    expect(h['webhook-id']).toBe(ID);
    expect(h['webhook-timestamp']).toBe('1614265330');
    expect(h['webhook-signature']).toBe(`v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= ${sign(other, ID, TS, BODY)}`);
  });

  it('refuses an id with a "." (it would make the signed content ambiguous)', () => {
    expect(() => sign(SECRET, 'a.b', TS, BODY)).toThrow('"."');
  });

  it('verifies with the official standardwebhooks package, with either secret during a rotation', () => {
    const current = generateSecret();
    const previous = generateSecret();
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ type: 'bill.paid', timestamp: new Date().toISOString(), data: { id: 'b', totalMinor: 1250 } });
    const headers = webhookHeaders([current, previous], '0190b2a4-2f0e-7000-8000-000000000001', now, body);
    expect(new Webhook(current).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(previous).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(current).verify(body.replace('1250', '1251'), headers)).toThrow();
  });
});

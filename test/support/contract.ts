/**
 * Holds every response of the e2e HTTP helper to the OpenAPI document the app serves (openapi-backend's
 * validator, Ajv with formats). Strict on purpose: a status the operation does not document, a content type
 * it does not declare, a missing required field, a wrong type or format, and a field the schema does not
 * declare (objects are closed here unless the schema says `additionalProperties`) all fail the test that
 * made the request. Requests to paths the document does not have (e.g. a deliberate unknown route) are not
 * checked.
 */
import addFormats from 'ajv-formats';
import { createHash } from 'node:crypto';
import OpenAPIBackend, { type Document } from 'openapi-backend';

type Json = Record<string, unknown>;

/** Every object schema with `properties` and no word on extra properties is closed. */
function closeObjects(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(closeObjects);
  if (!node || typeof node !== 'object') return;
  const o = node as Json;
  if (o.properties && typeof o.properties === 'object' && !('additionalProperties' in o)) o.additionalProperties = false;
  for (const v of Object.values(o)) closeObjects(v);
}

export interface ContractCheck {
  /** Throws when the response breaks the document; `path` without the query string. */
  check(method: string, path: string, status: number, contentType: string, body: unknown): void;
}

const cache = new Map<string, Promise<ContractCheck>>();

/** A checker for `document` (compiled once per worker and document). */
export function contractFor(document: Json): Promise<ContractCheck> {
  const text = JSON.stringify(document);
  const key = createHash('sha256').update(text).digest('hex');
  let checker = cache.get(key);
  if (!checker) {
    checker = build(JSON.parse(text) as Json);
    cache.set(key, checker);
  }
  return checker;
}

async function build(definition: Json): Promise<ContractCheck> {
  closeObjects(definition.components);
  closeObjects(definition.paths);
  const api = new OpenAPIBackend({
    definition: definition as unknown as Document,
    strict: true,
    validate: true,
    // The document itself is checked by `npm run contracts` (Redocly's lint) and libs/contracts/contracts.spec.ts;
    // quick skips checking it again at every app start (~5 s of CPU) and compiles each operation's validator when it
    // is first used. Responses are checked as strictly as before.
    quick: true,
    customizeAjv: (ajv) => {
      addFormats(ajv);
      return ajv;
    },
  });
  await api.init();
  return {
    check(method, path, status, contentType, body) {
      const operation = api.matchOperation({ method, path, headers: {} });
      if (!operation) return;
      const where = `${method} ${path} → ${status} (${operation.operationId})`;
      const responses = (operation.responses ?? {}) as Record<string, { content?: Record<string, unknown> }>;
      const declared = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
      if (!declared) throw new Error(`Contract: ${where} is not a documented status (${Object.keys(responses).join(', ')})`);
      const type = contentType.split(';')[0].trim();
      if (!declared.content) {
        if (type && body !== '' && body !== undefined) throw new Error(`Contract: ${where} documents no body but got ${type}`);
        return;
      }
      if (!(type in declared.content)) {
        throw new Error(
          `Contract: ${where} answered ${type || 'no content type'}, documented: ${Object.keys(declared.content).join(', ')}`,
        );
      }
      if (type !== 'application/json') return;
      const result = api.validateResponse(body, operation, status);
      if (!result.valid) {
        const errors = (result.errors ?? []).map(
          (e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
        );
        throw new Error(`Contract: ${where} does not match its schema:\n  ${errors.slice(0, 10).join('\n  ')}`);
      }
    },
  };
}

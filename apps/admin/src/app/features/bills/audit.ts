import { AuditEvent } from '../../core/api/models';

/** Who did it: the actor's name or e-mail when the API gives an object, else its id. */
export function auditActor(e: AuditEvent): string {
  const actor = e.actor;
  if (!actor) return 'system';
  if (typeof actor === 'string') return actor;
  return actor.name || actor.email || actor.id || actor.type || 'system';
}

/** The fields whose value differs between `before` and `after`, as "field: old → new" lines. */
export function auditChanges(e: AuditEvent): string[] {
  const before = asRecord(e.before);
  const after = asRecord(e.after);
  if (!before && !after) return [];
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const lines: string[] = [];
  for (const key of keys) {
    const a = show(before?.[key]);
    const b = show(after?.[key]);
    if (a !== b) lines.push(before ? `${key}: ${a} → ${b}` : `${key}: ${b}`);
  }
  return lines.slice(0, 12);
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function show(value: unknown): string {
  if (value === undefined) return '∅';
  if (value === null) return 'null';
  if (typeof value === 'object') {
    const text = JSON.stringify(value);
    return text.length > 80 ? text.slice(0, 77) + '...' : text;
  }
  return String(value);
}

/** "payment.confirmed" → "Payment confirmed". */
export function auditAction(e: AuditEvent): string {
  const text = (e.action ?? '').replace(/[._]/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

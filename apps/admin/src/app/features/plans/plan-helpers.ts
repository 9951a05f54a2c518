import type { AssociationView } from '@app/contracts';

/** An association is active until it is ended (one with a scheduled end stays active until then). */
export function isActive(a: AssociationView): boolean {
  return a.status === 'active';
}

/** An active association whose end is set in the future ("Ends <date>"). */
export function endScheduled(a: AssociationView): boolean {
  return isActive(a) && !!a.endedAt && new Date(a.endedAt).getTime() > Date.now();
}

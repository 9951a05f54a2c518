import { Association, Plan } from '../../core/api/models';

/** An association is active until it is ended. */
export function isActive(a: Association): boolean {
  if (a.status) return a.status === 'active';
  return a.active ?? !a.endedAt;
}

/** An active association whose end is set in the future ("Ends <date>"). */
export function endScheduled(a: Association): boolean {
  return isActive(a) && !!a.endedAt && new Date(a.endedAt).getTime() > Date.now();
}

/** Customers on a plan: the API's `activeAssociationsCount`, else counted from its associations. */
export function customersCount(plan: Plan): number | null {
  if (typeof plan.activeAssociationsCount === 'number') return plan.activeAssociationsCount;
  if (typeof plan.customersCount === 'number') return plan.customersCount;
  if (Array.isArray(plan.associations)) return plan.associations.filter(isActive).length;
  return null;
}

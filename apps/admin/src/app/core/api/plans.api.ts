import { Injectable, inject } from '@angular/core';
import { Observable, catchError, forkJoin, map, of } from 'rxjs';
import { ApiClient } from './api-client';
import { Association, AssociationInput, AuditEvent, CreatePlanInput, Plan, PlanInput } from './models';

@Injectable({ providedIn: 'root' })
export class PlansApi {
  private readonly api = inject(ApiClient);

  list(): Observable<Plan[]> {
    return this.api.all<Plan>('/plans');
  }
  get(id: string): Observable<Plan> {
    return this.api.get<Plan>(`/plans/${id}`);
  }
  create(input: CreatePlanInput): Observable<Plan> {
    return this.api.post<Plan>('/plans', input);
  }
  update(id: string, input: Partial<PlanInput>): Observable<Plan> {
    return this.api.patch<Plan>(`/plans/${id}`, input);
  }
  delete(id: string): Observable<void> {
    return this.api.delete(`/plans/${id}`);
  }
  associations(planId: string): Observable<Association[]> {
    return this.api.all<Association>(`/plans/${planId}/associations`);
  }
  associate(planId: string, input: AssociationInput): Observable<Association> {
    return this.api.post<Association>(`/plans/${planId}/associations`, input);
  }
  updateAssociation(id: string, input: Partial<AssociationInput>): Observable<Association> {
    return this.api.patch<Association>(`/associations/${id}`, input);
  }
  association(id: string): Observable<Association> {
    return this.api.get<Association>(`/associations/${id}`);
  }
  /** Ends it now (no `endedAt`), or at `endedAt`: past (no earlier than `billedThrough`) or future (scheduled). */
  endAssociation(id: string, endedAt?: string): Observable<Association> {
    return this.api.delete<Association>(`/associations/${id}`, endedAt ? { endedAt } : {});
  }
  /** Audit events of the plan and of its associations; newest first. */
  history(planId: string, associationIds: string[] = []): Observable<AuditEvent[]> {
    return forkJoin([
      this.api.all<AuditEvent>('/audit-events', { entityType: 'plan', entityId: planId }, 2),
      ...associationIds.map((entityId) =>
        this.api
          .all<AuditEvent>('/audit-events', { entityType: 'association', entityId }, 1)
          .pipe(catchError(() => of([] as AuditEvent[]))),
      ),
    ]).pipe(map((lists) => lists.flat().sort((a, b) => (b.occurredAt ?? '').localeCompare(a.occurredAt ?? ''))));
  }
}

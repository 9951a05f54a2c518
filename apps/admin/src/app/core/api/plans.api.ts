import { Injectable, inject } from '@angular/core';
import type {
  AssociationView,
  AuditEventView,
  CreateAssociationDto,
  CreatePlanDto,
  EndAssociationDto,
  PlanDetailView,
  PlanView,
  UpdateAssociationDto,
  UpdatePlanDto,
} from '@app/contracts';
import { Observable, catchError, forkJoin, map, of } from 'rxjs';
import { ApiClient } from './api-client';

@Injectable({ providedIn: 'root' })
export class PlansApi {
  private readonly api = inject(ApiClient);

  list(): Observable<PlanView[]> {
    return this.api.all<PlanView>('/plans');
  }
  get(id: string): Observable<PlanDetailView> {
    return this.api.get<PlanDetailView>(`/plans/${id}`);
  }
  create(input: CreatePlanDto): Observable<PlanDetailView> {
    return this.api.post<PlanDetailView>('/plans', input);
  }
  update(id: string, input: UpdatePlanDto): Observable<PlanView> {
    return this.api.patch<PlanView>(`/plans/${id}`, input);
  }
  delete(id: string): Observable<void> {
    return this.api.delete(`/plans/${id}`);
  }
  associations(planId: string): Observable<AssociationView[]> {
    return this.api.all<AssociationView>(`/plans/${planId}/associations`);
  }
  associate(planId: string, input: CreateAssociationDto): Observable<AssociationView> {
    return this.api.post<AssociationView>(`/plans/${planId}/associations`, input);
  }
  updateAssociation(id: string, input: UpdateAssociationDto): Observable<AssociationView> {
    return this.api.patch<AssociationView>(`/associations/${id}`, input);
  }
  association(id: string): Observable<AssociationView> {
    return this.api.get<AssociationView>(`/associations/${id}`);
  }
  /** Ends it now (no `endedAt`), or at `endedAt`: past (no earlier than `billedThrough`) or future (scheduled). */
  endAssociation(id: string, endedAt?: string): Observable<AssociationView> {
    const body: EndAssociationDto = endedAt ? { endedAt } : {};
    return this.api.delete<AssociationView>(`/associations/${id}`, body);
  }
  /** Audit events of the plan and of its associations; newest first. */
  history(planId: string, associationIds: string[] = []): Observable<AuditEventView[]> {
    return forkJoin([
      this.api.all<AuditEventView>('/audit-events', { entityType: 'plan', entityId: planId }, 2),
      ...associationIds.map((entityId) =>
        this.api
          .all<AuditEventView>('/audit-events', { entityType: 'association', entityId }, 1)
          .pipe(catchError(() => of([] as AuditEventView[]))),
      ),
    ]).pipe(map((lists) => lists.flat().sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))));
  }
}

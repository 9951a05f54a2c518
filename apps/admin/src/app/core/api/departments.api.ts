import { Injectable, inject } from '@angular/core';
import type { CreateDepartmentDto, DepartmentView, UpdateDepartmentDto } from '@app/contracts';
import { Observable } from 'rxjs';
import { ApiClient } from './api-client';

export type DepartmentInput = CreateDepartmentDto;
export type DepartmentChanges = UpdateDepartmentDto;

@Injectable({ providedIn: 'root' })
export class DepartmentsApi {
  private readonly api = inject(ApiClient);

  list(): Observable<DepartmentView[]> {
    return this.api.all<DepartmentView>('/departments');
  }
  get(id: string): Observable<DepartmentView> {
    return this.api.get<DepartmentView>(`/departments/${id}`);
  }
  create(input: DepartmentInput): Observable<DepartmentView> {
    return this.api.post<DepartmentView>('/departments', input);
  }
  update(id: string, input: DepartmentChanges): Observable<DepartmentView> {
    return this.api.patch<DepartmentView>(`/departments/${id}`, input);
  }
}

import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { ApiClient } from './api-client';
import { Department, DepartmentInput } from './models';

@Injectable({ providedIn: 'root' })
export class DepartmentsApi {
  private readonly api = inject(ApiClient);

  list(): Observable<Department[]> {
    return this.api.all<Department>('/departments');
  }
  get(id: string): Observable<Department> {
    return this.api.get<Department>(`/departments/${id}`);
  }
  create(input: DepartmentInput): Observable<Department> {
    return this.api.post<Department>('/departments', input);
  }
  update(id: string, input: Partial<DepartmentInput>): Observable<Department> {
    return this.api.patch<Department>(`/departments/${id}`, input);
  }
}

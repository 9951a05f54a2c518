import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { ApiClient } from './api-client';
import { ApiKey, ApiKeyScope, CreatedApiKey, User, UserInput } from './models';

@Injectable({ providedIn: 'root' })
export class SettingsApi {
  private readonly api = inject(ApiClient);

  users(): Observable<User[]> {
    return this.api.all<User>('/users');
  }
  createUser(input: UserInput): Observable<User> {
    return this.api.post<User>('/users', input);
  }
  updateUser(id: string, input: Partial<Pick<User, 'email' | 'name' | 'role' | 'active'>>): Observable<User> {
    return this.api.patch<User>(`/users/${id}`, input);
  }
  apiKeys(): Observable<ApiKey[]> {
    return this.api.all<ApiKey>('/api-keys');
  }
  createApiKey(name: string, scopes: ApiKeyScope[]): Observable<CreatedApiKey> {
    return this.api.post<CreatedApiKey>('/api-keys', { name, scopes });
  }
  revokeApiKey(id: string): Observable<unknown> {
    return this.api.delete<unknown>(`/api-keys/${id}`);
  }
}

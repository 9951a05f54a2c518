import { Injectable, inject } from '@angular/core';
import type { ApiKeyCreatedView, ApiKeyView, CreateApiKeyDto, CreateUserDto, UpdateUserDto, UserView } from '@app/contracts';
import { Observable } from 'rxjs';
import { ApiClient } from './api-client';

@Injectable({ providedIn: 'root' })
export class SettingsApi {
  private readonly api = inject(ApiClient);

  users(): Observable<UserView[]> {
    return this.api.all<UserView>('/users');
  }
  createUser(input: CreateUserDto): Observable<UserView> {
    return this.api.post<UserView>('/users', input);
  }
  updateUser(id: string, input: UpdateUserDto): Observable<UserView> {
    return this.api.patch<UserView>(`/users/${id}`, input);
  }
  apiKeys(): Observable<ApiKeyView[]> {
    return this.api.all<ApiKeyView>('/api-keys');
  }
  createApiKey(input: CreateApiKeyDto): Observable<ApiKeyCreatedView> {
    return this.api.post<ApiKeyCreatedView>('/api-keys', input);
  }
  revokeApiKey(id: string): Observable<ApiKeyView> {
    return this.api.delete<ApiKeyView>(`/api-keys/${id}`);
  }
}

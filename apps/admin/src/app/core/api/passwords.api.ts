import { Injectable, inject } from '@angular/core';
import type { ChangePasswordDto, ResetPasswordDto } from '@app/contracts';
import { Observable } from 'rxjs';
import { ApiClient } from './api-client';

/** `POST /auth/password` (my own, the current one must match) and `POST /users/:id/password` (admin reset). */
@Injectable({ providedIn: 'root' })
export class PasswordsApi {
  private readonly api = inject(ApiClient);

  changeMine(currentPassword: string, newPassword: string): Observable<unknown> {
    return this.api.post('/auth/password', { currentPassword, newPassword } satisfies ChangePasswordDto);
  }
  reset(userId: string, newPassword: string): Observable<unknown> {
    return this.api.post(`/users/${userId}/password`, { newPassword } satisfies ResetPasswordDto);
  }
}

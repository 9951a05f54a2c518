import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { LoginDto, MeApiKeyView, MeUserView, TokenView } from '@app/contracts';

/** What a role grants, as `GET /auth/me` lists it (`webhooks:read`, `webhooks:manage`…). */
export type Permission = MeUserView['permissions'][number];
import { Observable, firstValueFrom, map, switchMap, tap } from 'rxjs';
import { API_BASE } from '../api/api-client';

const TOKEN_KEY = 'rb.accessToken';
const EXPIRES_KEY = 'rb.accessTokenExpiresAt';

/** Holds the JWT (sessionStorage: gone when the tab closes) and the current user. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);

  private readonly tokenSignal = signal<string | null>(readToken());
  readonly user = signal<MeUserView | null>(null);

  readonly token = this.tokenSignal.asReadonly();
  readonly isLoggedIn = computed(() => this.tokenSignal() !== null);
  readonly role = computed<MeUserView['role'] | null>(() => this.user()?.role ?? null);
  readonly isAdmin = computed(() => this.role() === 'admin');
  /** admin and billing write; viewer reads only. */
  readonly canWrite = computed(() => this.role() === 'admin' || this.role() === 'billing');
  /** The permissions `GET /auth/me` lists for the user's role: pages added since roles were fixed ask these. */
  private readonly permissions = computed(() => new Set<Permission>(this.user()?.permissions ?? []));

  /** Whether the user's role grants `permission` (the API enforces it; the console hides what would be refused). */
  can(permission: Permission): boolean {
    return this.permissions().has(permission);
  }

  login(email: string, password: string): Observable<MeUserView> {
    return this.http.post<TokenView>(`${API_BASE}/auth/login`, { email, password } satisfies LoginDto).pipe(
      tap((res) => this.storeToken(res)),
      switchMap(() => this.loadUser()),
    );
  }

  /** `GET /auth/me`: a login token is a person's (`kind: 'user'`); an API key's caller is no console user. */
  loadUser(): Observable<MeUserView> {
    return this.http.get<MeUserView | MeApiKeyView>(`${API_BASE}/auth/me`).pipe(
      map((me) => {
        if (me.kind !== 'user') throw new Error('Not signed in as a user');
        return me;
      }),
      tap((u) => this.user.set(u)),
    );
  }

  /** Used by the guard: a token is there, make sure we know who it belongs to. */
  async ensureUser(): Promise<boolean> {
    if (!this.tokenSignal()) return false;
    if (this.user()) return true;
    try {
      await firstValueFrom(this.loadUser().pipe(map(() => true)));
      return true;
    } catch {
      return false;
    }
  }

  /** Forgets the session locally (JWTs are stateless: nothing to call on the server). */
  clear(): void {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(EXPIRES_KEY);
    this.tokenSignal.set(null);
    this.user.set(null);
  }

  logout(): void {
    this.clear();
    void this.router.navigate(['/login']);
  }

  private storeToken(res: TokenView): void {
    sessionStorage.setItem(TOKEN_KEY, res.accessToken);
    if (res.expiresIn) sessionStorage.setItem(EXPIRES_KEY, String(Date.now() + res.expiresIn * 1000));
    this.tokenSignal.set(res.accessToken);
  }
}

function readToken(): string | null {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const expiresAt = Number(sessionStorage.getItem(EXPIRES_KEY) ?? 0);
  if (!token) return null;
  if (expiresAt && expiresAt <= Date.now()) {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(EXPIRES_KEY);
    return null;
  }
  return token;
}

import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hashPassword, verifyPassword } from '../auth/passwords';
import type { Principal } from '../auth/principal';
import { ConflictError, ForbiddenError, invalidField, NotFoundError } from '../common/domain-error';
import { onUniqueViolation } from '../common/unique-violation';
import { decodeCursor, DEFAULT_LIMIT, Page, toPage } from '../common/pagination';
import { ChangePasswordDto, CreateUserDto, ListUsersDto, ResetPasswordDto, UpdateUserDto } from './users.dto';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';
import { UserView } from './users.view';

export function toUserView(u: UserEntity): UserView {
  return { id: u.id, email: u.email, name: u.name, role: u.role, active: u.active, createdAt: u.createdAt.toISOString() };
}

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Principal, query: ListUsersDto): Promise<Page<UserView>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const c = decodeCursor(query.cursor, ['text', 'uuid']);
    const rows = await this.users.list(actor.organizationId, c ? { email: String(c[0]), id: String(c[1]) } : null, limit);
    return toPage(rows, limit, (u) => [u.email.toLowerCase(), u.id], toUserView);
  }

  async get(actor: Principal, id: string): Promise<UserView> {
    const user = await this.users.findById(actor.organizationId, id);
    if (!user) throw new NotFoundError('User');
    return toUserView(user);
  }

  async create(actor: Principal, dto: CreateUserDto): Promise<UserView> {
    const passwordHash = await hashPassword(dto.password);
    return this.dataSource
      .transaction(async (m) => {
        const user = await this.users.insert(
          {
            organizationId: actor.organizationId,
            id: randomUUID(),
            email: dto.email.toLowerCase(),
            name: dto.name,
            role: dto.role,
            passwordHash,
            active: true,
          },
          m,
        );
        const view = toUserView(user);
        await this.audit.record(m, actor, { action: 'user.created', entityType: 'user', entityId: user.id, after: view });
        return view;
      })
      .catch(rethrowUniqueEmail);
  }

  async update(actor: Principal, id: string, dto: UpdateUserDto): Promise<UserView> {
    const passwordHash = dto.password ? await hashPassword(dto.password) : undefined;
    return this.dataSource.transaction(async (m) => {
      const before = await this.users.findByIdForUpdate(actor.organizationId, id, m);
      if (!before) throw new NotFoundError('User');
      const demotesAdmin = before.role === 'admin' && before.active && ((dto.role && dto.role !== 'admin') || dto.active === false);
      if (demotesAdmin && (await this.users.countActiveAdmins(actor.organizationId, m)) <= 1) {
        throw new ConflictError('LAST_ADMIN', 'The organization must keep at least one active admin');
      }
      const patch: Partial<UserEntity> = {};
      if (dto.name !== undefined) patch.name = dto.name;
      if (dto.role !== undefined) patch.role = dto.role;
      if (dto.active !== undefined) patch.active = dto.active;
      if (passwordHash) patch.passwordHash = passwordHash;
      const after = await this.users.update(actor.organizationId, id, patch, m);
      const afterView = toUserView(after);
      await this.audit.record(m, actor, {
        action: 'user.updated',
        entityType: 'user',
        entityId: id,
        before: toUserView(before),
        after: { ...afterView, ...(passwordHash ? { passwordChanged: true } : {}) },
      });
      return afterView;
    });
  }

  /**
   * The caller changes their own password: the current one must match (400 on currentPassword), the new one
   * must differ from it. Only people sign in with passwords: an API key gets a 403 (no scope grants this).
   * Tokens issued before stay valid until they expire (JWTs are stateless). The audit event names no secret.
   */
  async changeOwnPassword(actor: Principal, dto: ChangePasswordDto): Promise<void> {
    if (actor.kind !== 'user' || !actor.id) throw new ForbiddenError('Only a signed-in user has a password to change');
    const userId = actor.id;
    if (dto.newPassword === dto.currentPassword) throw invalidField('newPassword', 'must differ from the current password');
    const passwordHash = await hashPassword(dto.newPassword);
    await this.dataSource.transaction(async (m) => {
      const current = await this.users.passwordHashForUpdate(actor.organizationId, userId, m);
      if (current === null) throw new NotFoundError('User');
      if (!(await verifyPassword(current, dto.currentPassword))) throw invalidField('currentPassword', 'is not your current password');
      await this.users.update(actor.organizationId, userId, { passwordHash }, m);
      await this.audit.record(m, actor, {
        action: 'user.password_changed',
        entityType: 'user',
        entityId: userId,
        after: { passwordChanged: true, by: 'self' },
      });
    });
  }

  /** An admin sets another user's (or their own) password without knowing the old one. */
  async resetPassword(actor: Principal, id: string, dto: ResetPasswordDto): Promise<void> {
    const passwordHash = await hashPassword(dto.newPassword);
    await this.dataSource.transaction(async (m) => {
      const user = await this.users.findByIdForUpdate(actor.organizationId, id, m);
      if (!user) throw new NotFoundError('User');
      await this.users.update(actor.organizationId, id, { passwordHash }, m);
      await this.audit.record(m, actor, {
        action: 'user.password_reset',
        entityType: 'user',
        entityId: id,
        after: { email: user.email, passwordReset: true },
      });
    });
  }
}

const rethrowUniqueEmail = onUniqueViolation({ users_email_key: ['EMAIL_TAKEN', 'A user with this e-mail exists'] });

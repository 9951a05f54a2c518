import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router } from '@angular/router';
import type { AssociationView, PlanView } from '@app/contracts';
import { EMPTY, Observable, catchError, filter, map, switchMap, tap } from 'rxjs';
import { DepartmentsApi } from '../../core/api/departments.api';
import { PlansApi } from '../../core/api/plans.api';
import { AuthService } from '../../core/auth/auth.service';
import { errorCode } from '../../core/errors';
import { confirmAction } from '../../shared/confirm-dialog.component';
import { Notify } from '../../shared/notify.service';
import { AssociateDialogComponent, AssociateDialogData } from './associate-dialog.component';

/** Plan actions shared by the list and the view page: delete (with the 409 explained) and associate. */
@Injectable({ providedIn: 'root' })
export class PlanActions {
  private readonly dialog = inject(MatDialog);
  private readonly plans = inject(PlansApi);
  private readonly departments = inject(DepartmentsApi);
  private readonly auth = inject(AuthService);
  private readonly notify = inject(Notify);
  private readonly snackBar = inject(MatSnackBar);
  private readonly router = inject(Router);

  /** Asks, deletes, and emits once the plan is gone; a 409 is explained instead. */
  delete(plan: PlanView): Observable<void> {
    return confirmAction(this.dialog, {
      title: 'Delete billing plan',
      message: `Delete "${plan.name}"? Bills already issued keep their copy of the plan.`,
      confirmLabel: 'Delete',
      danger: true,
    }).pipe(
      filter((reason) => reason !== null),
      switchMap(() =>
        this.plans.delete(plan.id).pipe(
          tap(() => this.notify.ok(`Plan "${plan.name}" deleted`)),
          map(() => undefined),
          catchError((err: unknown) => {
            this.explainDeleteError(plan, err);
            return EMPTY;
          }),
        ),
      ),
    );
  }

  private explainDeleteError(plan: PlanView, err: unknown): void {
    if (errorCode(err) !== 'PLAN_HAS_ACTIVE_ASSOCIATIONS') {
      this.notify.error(err, 'The plan could not be deleted');
      return;
    }
    this.snackBar
      .open(`"${plan.name}" still has customers. End their associations on the plan's page first, then delete the plan.`, 'View plan', {
        duration: 10000,
      })
      .onAction()
      .subscribe(() => void this.router.navigate(['/plans', plan.id]));
  }

  /** Opens "Associate Customers"; emits the associations created. */
  associate(plan: PlanView): Observable<AssociationView[]> {
    return this.departments.list().pipe(
      switchMap((departments) =>
        this.dialog
          .open<AssociateDialogComponent, AssociateDialogData, AssociationView[]>(AssociateDialogComponent, {
            data: { plan, departments, timeZone: this.auth.user()?.organization.timeZone ?? 'UTC' },
            width: '860px',
            maxWidth: '96vw',
            autoFocus: 'first-tabbable',
          })
          .afterClosed(),
      ),
      map((created) => created ?? []),
      filter((created) => created.length > 0),
    );
  }
}

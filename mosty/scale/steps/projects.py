"""Cooperation projects with partners in both countries and their milestones on the commitment engine."""

from __future__ import annotations

import datetime
from decimal import Decimal

from mosty.commitments.models import Commitment, Status
from mosty.projects.models import (
    SOURCE_KIND,
    PartnerRole,
    Project,
    ProjectKind,
    ProjectPartner,
    ProjectStatus,
)
from mosty.scale import text
from mosty.scale.engine import Context, split, step
from mosty.scale.steps.agreements import load_organisations

STATUS_WEIGHTS = {
    ProjectStatus.PLANNED: 15,
    ProjectStatus.IN_PROGRESS: 55,
    ProjectStatus.COMPLETED: 20,
    ProjectStatus.SUSPENDED: 5,
    ProjectStatus.CANCELLED: 5,
}

MILESTONE_COLUMNS = ["id", "title", "responsible_organisation_id", "counterpart_organisation_id", "deadline"]
MILESTONE_COLUMNS += ["status", "completed_on", "source_kind", "source_id", "is_public", "created_at"]


@step("projects", requires=["projects.Project", "commitments.Commitment", "organisations.Organisation"])
def projects(ctx: Context) -> None:
    rng = ctx.rng()
    today = ctx.now.date()
    orgs = load_organisations(ctx)
    count = ctx.count("projects", minimum=2)
    ids = ctx.allocate(Project, count)
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    project_rows, partner_rows = [], []
    plans = []
    for pk in ids:
        ru, by = rng.choice(orgs["RU"]), rng.choice(orgs["BY"])
        status = rng.choices(statuses, weights)[0]
        start = today - datetime.timedelta(days=rng.randint(-200, 6 * 365))
        end = start + datetime.timedelta(days=rng.randint(365, 4 * 365))
        budget = Decimal(rng.randint(100, 90_000) * 1000) if rng.random() < 0.6 else None
        project_rows.append(
            (
                pk,
                ProjectKind.PRIORITY_PROGRAMME if rng.random() < 0.15 else ProjectKind.COOPERATION_PROJECT,
                text.project_title(rng, ru[3] or "Смоленск", by[3] or "Витебск")[:500],
                f"Укрепить связи партнёров и довести совместные результаты до жителей. {text.SEED_NOTE}",
                start,
                end,
                budget,
                rng.choice(("RUB", "BYN")) if budget is not None else "",
                status,
                ctx.now,
            )
        )
        partner_rows.append((pk, ru[0], PartnerRole.LEAD, 0))
        partner_rows.append((pk, by[0], PartnerRole.PARTNER, 1))
        plans.append((pk, ru, by, start, end, status))

    columns = ["id", "kind", "title", "goals", "period_start", "period_end", "budget", "currency", "status"]
    ctx.insert(Project, [*columns, "created_at"], project_rows)
    partner_ids = ctx.allocate(ProjectPartner, len(partner_rows))
    ctx.insert(
        ProjectPartner,
        ["id", "project_id", "organisation_id", "role", "order"],
        ((link, *row) for link, row in zip(partner_ids, partner_rows, strict=True)),
    )

    per_project = split(ctx.count("milestones", minimum=count), count, rng)
    milestone_ids = iter(ctx.allocate(Commitment, sum(per_project)))
    rows = []
    for (pk, ru, by, start, end, status), n in zip(plans, per_project, strict=True):
        for index in range(n):
            deadline = start + (end - start) * (index + 1) // (n + 1)
            if status == ProjectStatus.COMPLETED:
                milestone, completed = Status.DONE, deadline
            elif status == ProjectStatus.CANCELLED:
                milestone, completed = Status.CANCELLED, None
            else:
                milestone, completed = (Status.OVERDUE if deadline < today else Status.PLANNED), None
            rows.append(
                (
                    next(milestone_ids),
                    f"Этап {index + 1}: {rng.choice(text.COMMITMENT_ACTIONS).lower()}"[:500],
                    ru[0],
                    by[0],
                    deadline,
                    milestone,
                    completed,
                    SOURCE_KIND,
                    pk,
                    True,
                    ctx.now,
                )
            )
    ctx.insert(
        Commitment,
        MILESTONE_COLUMNS,
        rows,
    )

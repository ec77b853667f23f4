"""Demo workspaces, made through the services by the demo accounts (load_demo_data calls this after the
accounts exist). Idempotent: a workspace with the same name is left as it is. Each says it is a demo.

- "Советы депутатов приграничных регионов": the Smolensk coordinator administers it; the Vitebsk and
  Mogilev coordinators and the commission member are members; two threads and a shared document.
- "Молодёжная политика": the commission member administers it; the organisation representative and the
  Vitebsk coordinator are members; one thread.
The citizen and the moderator are in neither: signed in as them, the workspaces are invisible.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from mosty.accounts.models import User
from mosty.comments import services as comments
from mosty.comments.models import Comment
from mosty.workspaces import services
from mosty.workspaces.models import MemberRole, Workspace

DEMO_NOTE = "Демонстрационная рабочая группа: создана для знакомства с платформой."

COMMISSION = "commission@mosty.example"
REPRESENTATIVE = "representative@mosty.example"
SMOLENSK = "coordinator.smolensk@mosty.example"
VITEBSK = "coordinator.vitebsk@mosty.example"
MOGILEV = "coordinator.mogilev@mosty.example"

# name, description, admin, members, threads [(author, title, first post, replies [(author, text)])],
# documents [(uploader, title, file name, text)]
WORKSPACES: list[dict[str, Any]] = [
    {
        "name": "Советы депутатов приграничных регионов",
        "description": "Обмен опытом законодательной работы советов депутатов Смоленской, Витебской и "
        "Могилёвской областей. " + DEMO_NOTE,
        "admin": SMOLENSK,
        "members": [VITEBSK, MOGILEV, COMMISSION],
        "threads": [
            (
                SMOLENSK,
                "Повестка совместного заседания весной",
                "Предлагаю обсудить на совместном заседании:\n\n"
                "- ремонт межрегиональных дорог;\n"
                "- автобусное сообщение между районными центрами;\n"
                "- совместные культурные мероприятия к Дню единения народов.",
                [
                    (VITEBSK, "Поддерживаем. Со своей стороны подготовим справку по автобусным маршрутам."),
                    (MOGILEV, "Добавьте, пожалуйста, вопрос о приграничной торговле сельхозпродукцией."),
                ],
            ),
            (
                MOGILEV,
                "Опыт публичных слушаний по бюджету",
                "Делимся регламентом публичных слушаний по проекту областного бюджета: слушания проходят "
                "в очном и онлайн-формате, вопросы принимаются заранее.",
                [],
            ),
        ],
        "documents": [
            (
                SMOLENSK,
                "Проект повестки совместного заседания",
                "povestka.txt",
                "Проект повестки совместного заседания советов депутатов (демонстрационный документ).\n"
                "1. О ремонте межрегиональных дорог.\n2. Об автобусном сообщении.\n"
                "3. О совместных культурных мероприятиях.\n",
            )
        ],
    },
    {
        "name": "Молодёжная политика",
        "description": "Органы по делам молодёжи приграничных регионов: обмены, лагеря, волонтёрство. "
        + DEMO_NOTE,
        "admin": COMMISSION,
        "members": [REPRESENTATIVE, VITEBSK],
        "threads": [
            (
                COMMISSION,
                "Летняя смена молодёжного лагеря",
                "Коллеги, начинаем подготовку совместной летней смены. Просим до конца месяца сообщить "
                "число участников от каждой области.",
                [(VITEBSK, "От Витебской области — 25 человек, сопровождающих двое.")],
            )
        ],
        "documents": [],
    },
]


def _users() -> dict[str, User]:
    emails = [COMMISSION, REPRESENTATIVE, SMOLENSK, VITEBSK, MOGILEV]
    return {user.email: user for user in User.objects.filter(email__in=emails, is_active=True)}


def _load(spec: dict[str, Any], users: dict[str, User]) -> None:
    admin = users[spec["admin"]]
    workspace = services.workspace_create(actor=admin, name=spec["name"], description=spec["description"])
    for email in spec["members"]:
        if email in users:
            services.member_add(actor=admin, workspace=workspace, email=email, role=MemberRole.MEMBER)
    present = set(workspace.memberships.values_list("user__email", flat=True))
    for author_email, title, body, replies in spec["threads"]:
        if author_email not in present:
            continue
        thread = services.thread_create(
            actor=users[author_email], workspace=workspace, title=title, body=body
        )
        first = Comment.objects.filter(kind=services.THREAD_KIND, target_id=thread.pk).first()
        for reply_email, text in replies:
            if reply_email in present:
                comments.comment_create(
                    author=users[reply_email],
                    kind=services.THREAD_KIND,
                    target_id=thread.pk,
                    body=text,
                    parent=first,
                )
    for uploader, title, file_name, text in spec["documents"]:
        if uploader in present:
            upload = SimpleUploadedFile(file_name, text.encode("utf-8"), content_type="text/plain")
            services.document_add(actor=users[uploader], workspace=workspace, file=upload, title=title)


def load_demo(*, stdout: Any) -> None:
    users = _users()
    made = 0
    for spec in WORKSPACES:
        if spec["admin"] not in users or Workspace.objects.filter(name=spec["name"]).exists():
            continue
        with transaction.atomic():
            _load(spec, users)
        made += 1
    stdout.write(f"Workspaces: {made} demo workspace(s) created.")

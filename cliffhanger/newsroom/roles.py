"""
The newsroom's editorial roles, kept in the database as Wagtail groups:

- Editors publish anything, manage authors, images and documents, and approve
  the review workflow.
- Writers create articles and edit their own, and submit them for review; they
  cannot publish and cannot open other people's drafts (Wagtail's "add"
  permission grants edit rights on owned pages only).
- Moderators use the admin for comments only; they get no page or media
  permissions (their group is reset to exactly that on every migrate).

`editorial_roles_ensure()` runs after every `migrate` (see apps.py); it only
adds what is missing and takes publishing away from Moderators, so changes an
operator made to the groups in the admin otherwise survive.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

EDITORS = "Editors"
WRITERS = "Writers"
MODERATORS = "Moderators"
REVIEW_WORKFLOW = "Editorial review"
REVIEW_TASK = "Editor approval"
WAGTAIL_STARTER_WORKFLOW = "Moderators approval"

PAGE_PERMISSIONS = {
    EDITORS: [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
    WRITERS: ["add_page"],
    MODERATORS: [],
}
COLLECTION_PERMISSIONS = {
    EDITORS: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
        ("wagtailimages", "delete_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
        ("wagtaildocs", "delete_document"),
    ],
    WRITERS: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ],
    MODERATORS: [],
}
MODEL_PERMISSIONS = {
    EDITORS: [
        ("wagtailadmin", "access_admin"),
        ("newsroom", "add_author"),
        ("newsroom", "change_author"),
        ("newsroom", "delete_author"),
        ("newsroom", "view_author"),
        ("wagtailredirects", "add_redirect"),
        ("wagtailredirects", "change_redirect"),
        ("wagtailredirects", "delete_redirect"),
        ("taggit", "add_tag"),
        ("taggit", "change_tag"),
        ("taggit", "delete_tag"),
    ],
    WRITERS: [("wagtailadmin", "access_admin"), ("newsroom", "view_author")],
    MODERATORS: [("wagtailadmin", "access_admin")],
}


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def editorial_roles_ensure() -> dict[str, Group]:
    """Create or complete the three groups and the review workflow; idempotent."""
    root = Page.get_first_root_node()
    if root is None:  # a flushed test database: nothing to attach roles to
        return {}
    collection_root = Collection.get_first_root_node()
    groups = {}
    for name in (EDITORS, WRITERS, MODERATORS):
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        for codename in PAGE_PERMISSIONS[name]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=_permission("wagtailcore", codename)
            )
        if collection_root is not None:
            for app_label, codename in COLLECTION_PERMISSIONS[name]:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=collection_root,
                    permission=_permission(app_label, codename),
                )
        group.permissions.add(
            *[
                _permission(app_label, codename)
                for app_label, codename in MODEL_PERMISSIONS[name]
            ]
        )
    # Wagtail's starter data lets Moderators publish pages and manage media;
    # here they moderate comments only.
    moderators = groups[MODERATORS]
    GroupPagePermission.objects.filter(group=moderators).delete()
    GroupCollectionPermission.objects.filter(group=moderators).delete()
    moderators.permissions.set(
        [
            _permission(app_label, codename)
            for app_label, codename in MODEL_PERMISSIONS[MODERATORS]
        ]
    )
    Workflow.objects.filter(name=WAGTAIL_STARTER_WORKFLOW).exclude(
        workflow_pages__isnull=False
    ).update(active=False)
    _review_workflow_ensure(root=root, editors=groups[EDITORS])
    return groups


def _review_workflow_ensure(*, root: Page, editors: Group) -> Workflow:
    workflow, _ = Workflow.objects.get_or_create(
        name=REVIEW_WORKFLOW, defaults={"active": True}
    )
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK, active=True)
    task.groups.add(editors)
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow

"""Finding and recording what an import made of another system's object (ImportedItem)."""

from .models import ImportedItem, ImportedKind

TARGET_FIELD = {
    ImportedKind.AUTHOR: "author",
    ImportedKind.SECTION: "page",
    ImportedKind.ARTICLE: "page",
    ImportedKind.COMMENT: "comment",
}


def imported_get(
    *, source: str, origin: str, kind: str, external_id: str
) -> ImportedItem | None:
    """The mapping row, with the object it points at loaded."""
    return (
        ImportedItem.objects.filter(
            source=source, origin=origin, kind=kind, external_id=external_id
        )
        .select_related(TARGET_FIELD[kind])
        .first()
    )


def imported_record(
    *,
    source: str,
    origin: str,
    kind: str,
    external_id: str,
    target,
    fingerprint: str = "",
    data: dict | None = None,
) -> ImportedItem:
    """Point the mapping of (source, origin, kind, external_id) at `target`."""
    item, _ = ImportedItem.objects.update_or_create(
        source=source,
        origin=origin,
        kind=kind,
        external_id=external_id,
        defaults={
            TARGET_FIELD[kind]: target,
            "fingerprint": fingerprint,
            "data": data or {},
        },
    )
    return item

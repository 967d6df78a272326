"""Bylines for imported authors: an Author snippet per WordPress login."""

from django.utils.text import slugify

from cliffhanger.newsroom.models import Author

NAME_MAX = Author._meta.get_field("name").max_length
SLUG_MAX = Author._meta.get_field("slug").max_length


def author_slug(login: str, *, fallback: str) -> str:
    # As WordPress makes its nicenames: "dev.lee" is "dev-lee".
    return slugify(login.replace(".", "-").replace("@", "-"))[:SLUG_MAX] or fallback


def author_ensure(
    *, slug: str, name: str, author: Author | None = None
) -> tuple[Author, str]:
    """
    `author` (imported before) or the author with this slug: adopted if one
    exists (the same person, most likely, on a site that already has
    bylines), else created. Returns it and "created", "updated" (its name
    changed) or "unchanged".
    """
    name = " ".join(name.split())[:NAME_MAX] or slug
    if author is None:
        author = Author.objects.filter(slug=slug).first()
    if author is None:
        author = Author(slug=slug, name=name)
        author.full_clean()
        author.save()
        return author, "created"
    if author.name != name:
        author.name = name
        author.full_clean()
        author.save(update_fields=["name", "updated_at"])
        return author, "updated"
    return author, "unchanged"

"""
Renditions made ahead, by the task worker, so no reader waits for one.

An upload makes the renditions its shape suggests (a landscape picture
becomes a lead, a card or a still; a tall one a poster; a square one a
portrait), and an app that puts an image in a place queues that place's
renditions when it saves, in case the guess was wrong. Pages still make a
missing rendition on demand, as Wagtail does, so nothing breaks while the
worker catches up.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django_tasks import task
from wagtail.images import get_image_model

from .pictures import place_get


def upload_places(width: int, height: int) -> tuple[str, ...]:
    """The places a picture of this shape most likely goes to."""
    ratio = height / width if width else 1
    if ratio > 1.2:
        return ("poster", "poster-small")
    if ratio >= 0.8:
        return ("avatar", "portrait")
    return ("lead", "card", "still")


def renditions_make(image, places: Iterable[str]) -> int:
    """Make (or find) every rendition `places` use for `image`; how many there are."""
    specs = [spec for name in places for spec in place_get(name).filter_specs()]
    return len(image.get_renditions(*specs))


@task()
def renditions_make_task(image_id: int, places: list[str]) -> int:
    image = get_image_model().objects.filter(pk=image_id).first()
    return renditions_make(image, places) if image else 0


def renditions_queue(image, places: Iterable[str]) -> None:
    """After the commit, queue the renditions `image` needs in `places`."""
    if image is None or not settings.PICTURE_RENDITIONS_AHEAD:
        return
    image_id, place_names = image.pk, list(places)
    transaction.on_commit(
        lambda: renditions_make_task.enqueue(image_id, place_names), robust=True
    )


def largest_fallback_url(image, place: str) -> str:
    """The place's widest JPEG: for links and structured data, which take one image."""
    specs = [spec for spec in place_get(place).filter_specs() if "format-jpeg" in spec]
    return image.get_rendition(specs[-1]).url


def renditions_prefetch(image_field: str, *places: str) -> Prefetch:
    """
    Prefetch `image_field`'s renditions for `places` in one query, so a list of
    cards asks the database once for all its pictures, not once per card.
    """
    rendition_model = get_image_model().get_rendition_model()
    specs = [spec for name in places for spec in place_get(name).filter_specs()]
    return Prefetch(
        f"{image_field}__renditions",
        queryset=rendition_model.objects.filter(filter_spec__in=specs),
    )


def image_saved(sender, instance, **kwargs) -> None:
    """An upload, a new file or a new focal point: make the likely renditions ahead."""
    if kwargs.get("raw"):
        return
    renditions_queue(instance, upload_places(instance.width, instance.height))

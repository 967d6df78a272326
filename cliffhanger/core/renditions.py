"""
Renditions made ahead, by the task worker, so no reader waits for one.

An upload makes the renditions its shape suggests (a landscape picture
becomes a lead, a card or a still; a tall one a poster; a square one a
portrait), and an app that puts an image in a place queues that place's
renditions when it saves, in case the guess was wrong. Pages still make a
missing rendition on demand, as Wagtail does, so nothing breaks while the
worker catches up.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django_tasks import task
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError

from .db.prepared import PreparedInstances
from .pictures import filter_for, place_filters, place_get
from .request_memo import per_request, per_request_existing

logger = logging.getLogger(__name__)


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
    filters = [each for name in places for each in place_filters(name)]
    return len(image.get_renditions(*filters))


# Below the default: mail to followers and scheduled publishing go first
# when a big upload (or a fresh demo's 54 images) fills the queue.
RENDITIONS_PRIORITY = -20


@task(priority=RENDITIONS_PRIORITY)
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


def place_renditions(image, place: str) -> dict:
    """
    Every rendition of `image` the place uses, by filter spec ({} when the
    image has lost its file). Read once per request: an article's lead
    picture, its preload link and its structured data all want them, and
    Wagtail reads its cache anew for each (place_rendition uses them when
    they were read, and reads its one rendition alone when not).
    """
    return per_request(
        _memo_name(image, place), lambda: _place_renditions(image, place)
    )


def _memo_name(image, place: str) -> str:
    return f"place_renditions:{image.pk}:{image.file.name}:{place}"


def _place_renditions(image, place: str) -> dict:
    try:
        return image.get_renditions(*place_filters(place))
    except SourceImageIOError:
        logger.warning("Image %s has lost its file", image.pk)
        return {}


def place_rendition(image, place: str, width: int | None = None):
    """
    One of a place's JPEG renditions (the widest unless `width` is given), for
    what takes a single image (feeds, structured data): made ahead like the rest.
    """
    chosen = place_get(place)
    spec = chosen.spec(width or chosen.widths[-1], "jpeg")
    already = per_request_existing(_memo_name(image, place))
    if already is not None and spec in already:
        return already[spec]
    try:
        return image.get_rendition(filter_for(spec))
    except SourceImageIOError:
        logger.warning("Image %s has lost its file", image.pk)
        return None


def largest_fallback_url(image, place: str) -> str:
    """The place's widest JPEG's address ("" when the image has lost its file)."""
    rendition = place_rendition(image, place)
    return rendition.url if rendition else ""


_RENDITION_MODEL = get_image_model().get_rendition_model()


def renditions_prefetch(image_field: str, *places: str) -> Prefetch:
    """
    Prefetch `image_field`'s renditions for `places` in one query, so a list of
    cards asks the database once for all its pictures, not once per card.
    """
    return Prefetch(
        f"{image_field}__renditions",
        queryset=_RENDITION_MODEL.objects.filter(filter_spec__in=_place_specs(places)),
    )


def _place_specs(places) -> list[str]:
    """Every filter spec the places use, in a stable order."""
    return sorted({spec for name in places for spec in place_get(name).filter_specs()})


_RENDITIONS_OF = PreparedInstances(
    _RENDITION_MODEL,
    None,
    lambda image_ids, specs: _RENDITION_MODEL.objects.filter(
        image_id__in=image_ids, filter_spec__in=specs
    ),
)


def renditions_attach(images: Iterable, *places: str) -> None:
    """
    What renditions_prefetch() gives images already loaded, in a prepared
    query (core/db/prepared.py): Django's prefetch builds and compiles its
    query anew each time, 0.37 ms of an article's byline of one author.
    Each image gets them as Wagtail reads prefetched renditions.
    """
    images = [image for image in images if image is not None]
    if not images:
        return
    by_image: dict[int, list] = {image.pk: [] for image in images}
    renditions = _RENDITIONS_OF(image_ids=sorted(by_image), specs=_place_specs(places))
    for rendition in renditions:
        by_image[rendition.image_id].append(rendition)
    for image in images:
        image.prefetched_renditions = list(by_image[image.pk])
        for rendition in image.prefetched_renditions:
            rendition.image = image


# What a rendition depends on: a save that changes none of it (a new title,
# tags) needs no new renditions.
RENDITION_INPUTS = (
    "file",
    "focal_point_x",
    "focal_point_y",
    "focal_point_width",
    "focal_point_height",
)


def _rendition_inputs(image) -> tuple:
    return tuple(str(getattr(image, name)) for name in RENDITION_INPUTS)


def image_saving(sender, instance, raw=False, **kwargs) -> None:
    """Note what the stored image's renditions were made from, before the save."""
    if raw or instance.pk is None:
        return
    stored = sender.objects.filter(pk=instance.pk).first()
    instance._rendition_inputs_stored = stored and _rendition_inputs(stored)


def image_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    """An upload, a new file or a new focal point: make the likely renditions ahead."""
    if raw:
        return
    stored = getattr(instance, "_rendition_inputs_stored", None)
    if created or stored != _rendition_inputs(instance):
        renditions_queue(instance, upload_places(instance.width, instance.height))
    instance._rendition_inputs_stored = _rendition_inputs(instance)

"""Demo pictures as Wagtail images: drawn once (demo/art.py), found by title after."""

from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.images import get_image_model

from .art import artwork_draw


def demo_image_ensure(*, title: str, seed: str, width: int, height: int):
    """The demo image called `title`, drawn from `seed` if it is not there yet."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    art = artwork_draw(seed, width, height)
    image = image_model(
        title=title,
        description=art.description,
        file=ContentFile(art.jpeg, name=f"demo-{slugify(seed)}.jpg"),
        focal_point_x=art.focal_x,
        focal_point_y=art.focal_y,
        focal_point_width=art.focal_size,
        focal_point_height=art.focal_size,
    )
    image.save()
    return image

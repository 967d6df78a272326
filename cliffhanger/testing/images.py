"""A real picture for tests: the demo's artwork for `seed`, saved as a Wagtail image."""

from django.core.files.base import ContentFile
from wagtail.images import get_image_model

from cliffhanger.demo.art import artwork_draw


def image_make(seed: str, width: int = 640, height: int = 360):
    art = artwork_draw(seed, width, height)
    image = get_image_model()(
        title=f"Upload {seed}",
        description=art.description,
        file=ContentFile(art.jpeg, name=f"{seed}.jpg"),
    )
    image.save()
    return image

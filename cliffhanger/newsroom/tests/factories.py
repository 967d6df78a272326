import factory
import wagtail_factories
from django.utils import timezone
from django.utils.text import slugify

from cliffhanger.newsroom.models import ArticleAuthor, ArticlePage, Author, SectionPage


class AuthorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Writer {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    bio = "Writes about television."

    class Meta:
        model = Author


class SectionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    show_in_menus = True

    class Meta:
        model = SectionPage


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Article number {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    dek = "A short summary of the story."
    first_published_at = factory.LazyFunction(timezone.now)
    body = factory.LazyFunction(
        lambda: [
            {
                "type": "heading",
                "value": {"text": "What happened", "level": "h2", "anchor": ""},
            },
            {"type": "paragraph", "value": "<p>The network made a decision.</p>"},
        ]
    )

    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    @factory.post_generation
    def authors(obj, create, extracted, **kwargs):
        if not create:
            return
        for order, author in enumerate(extracted or [AuthorFactory()]):
            ArticleAuthor.objects.create(article=obj, author=author, sort_order=order)

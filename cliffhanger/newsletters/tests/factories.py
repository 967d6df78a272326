import factory
from django.utils import timezone

from cliffhanger.newsletters.models import Newsletter, NewsletterKind, Subscription


class NewsletterFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Newsletter {n}")
    slug = factory.Sequence(lambda n: f"newsletter-{n}")
    kind = NewsletterKind.HEADLINES

    class Meta:
        model = Newsletter


class SubscriptionFactory(factory.django.DjangoModelFactory):
    newsletter = factory.SubFactory(NewsletterFactory)
    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    confirmed_at = factory.LazyFunction(
        lambda: timezone.now() - timezone.timedelta(days=1)
    )

    class Meta:
        model = Subscription

import factory
from django.utils.text import slugify

from cliffhanger.tracker.models import Network, Person, Season, Show, Statement


class NetworkFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Network {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))

    class Meta:
        model = Network


class PersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))

    class Meta:
        model = Person


class ShowFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Show {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    network = factory.SubFactory(NetworkFactory)

    class Meta:
        model = Show


class SeasonFactory(factory.django.DjangoModelFactory):
    show = factory.SubFactory(ShowFactory)
    number = 1

    class Meta:
        model = Season


class StatementFactory(factory.django.DjangoModelFactory):
    person = factory.SubFactory(PersonFactory)
    role = "Creator"
    organisation = "Netflix"
    quote = "We are hopeful about another season."
    said_on = factory.LazyFunction(lambda: __import__("datetime").date(2022, 9, 12))
    show = factory.SubFactory(ShowFactory)

    class Meta:
        model = Statement

"""Repair the stored comment counters from the comment rows themselves."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from cliffhanger.discussion.models import ArticleDiscussion
from cliffhanger.discussion.services import discussion_recount
from cliffhanger.newsroom.models import ArticlePage


class Command(BaseCommand):
    help = (
        "Recount each article's approved comments, last top-level number and reply "
        "counts from the comments (after an import, a restore or a manual SQL edit)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--article",
            type=int,
            action="append",
            help="only this article id (repeatable)",
        )

    def handle(self, *args, article=None, **options):
        # A counter row without comments is stale too (its comments deleted by hand).
        articles = ArticlePage.objects.filter(
            Q(comments__isnull=False) | Q(discussion__isnull=False)
        ).distinct()
        if article:
            articles = ArticlePage.objects.filter(pk__in=article)
            missing = set(article) - set(articles.values_list("pk", flat=True))
            if missing:
                raise CommandError(
                    f"No article with id {', '.join(map(str, sorted(missing)))}"
                )
        counters = ("comment_count", "last_number")
        stored = {
            pk: tuple(values)
            for pk, *values in ArticleDiscussion.objects.filter(
                article__in=articles
            ).values_list("article_id", *counters)
        }
        changed = 0
        for page in articles.only("pk").iterator():
            discussion = discussion_recount(article=page)
            after = tuple(getattr(discussion, name) for name in counters)
            changed += stored.get(page.pk) != after
            self.stdout.write(
                f"{page.pk}: {discussion.comment_count} approved comments"
            )
        self.stdout.write(
            self.style.SUCCESS(f"Recounted; {changed} article(s) changed.")
        )

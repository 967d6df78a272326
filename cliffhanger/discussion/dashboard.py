"""
The Wagtail dashboard's "Last 30 days" panel: views per day (the counts Most
Popular ranks by), comments posted per day and the moderation queue's size at
the end of each day, as three server-rendered charts. Moderators and editors
(who may change comments) see it; hooked in by wagtail_hooks.py.
"""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.dateformat import format as format_date
from wagtail.admin.ui.components import Component

from cliffhanger.core.charts import Series, column_chart, line_chart
from cliffhanger.newsroom.selectors import article_views_per_day

from .selectors import comment_counts_per_day, moderation_queue_sizes

DASHBOARD_DAYS = 30
# Wagtail's class for text only screen readers see.
ADMIN_HIDDEN_CLASS = "w-sr-only"


def dashboard_can_see(user) -> bool:
    return user.is_active and user.has_perm("discussion.change_comment")


def dashboard_days(*, today: date, days: int = DASHBOARD_DAYS) -> list[date]:
    return [today - timedelta(days=n) for n in range(days - 1, -1, -1)]


def dashboard_charts(*, today: date) -> list[dict]:
    """The panel's three charts, each a day-by-day series over the last 30 days."""
    days = dashboard_days(today=today)
    since, until = days[0], days[-1]
    labels = [format_date(day, "j M") for day in days]
    period = f"{format_date(since, 'j M Y')} to {format_date(until, 'j M Y')}"
    views = article_views_per_day(since=since, until=until)
    comments = comment_counts_per_day(since=since, until=until)
    queue = moderation_queue_sizes(since=since, until=until)
    common = {"labels": labels, "table_class": ADMIN_HIDDEN_CLASS}
    view_counts = [views.get(day, 0) for day in days]
    comment_counts = [comments.get(day, 0) for day in days]
    queue_sizes = [queue.get(day, 0) for day in days]
    return [
        {
            "heading": "Views per day",
            "total": f"{sum(view_counts)} in 30 days",
            "chart": column_chart(
                chart_id="dashboard-views",
                title="Article views per day",
                description=f"Readers' views of all articles per day, {period}.",
                series=Series("Views", view_counts),
                **common,
            ),
        },
        {
            "heading": "Comments per day",
            "total": f"{sum(comment_counts)} in 30 days",
            "chart": column_chart(
                chart_id="dashboard-comments",
                title="Comments posted per day",
                description=f"Comments posted per day, held ones included, {period}.",
                series=Series("Comments", comment_counts),
                **common,
            ),
        },
        {
            "heading": "Moderation queue",
            "total": f"{queue_sizes[-1]} waiting now",
            "chart": line_chart(
                chart_id="dashboard-queue",
                title="Comments awaiting moderation at the end of each day",
                description=f"The moderation queue's size at the end of each day, {period}.",
                series=[Series("Awaiting moderation", queue_sizes)],
                **common,
            ),
        },
    ]


class ActivityPanel(Component):
    name = "newsroom_activity"
    template_name = "discussion/admin/activity_panel.html"
    order = 150

    class Media:
        css = {"all": ["cliffhanger/css/admin-charts.css"]}

    def get_context_data(self, parent_context=None):
        return {"charts": dashboard_charts(today=timezone.localdate())}

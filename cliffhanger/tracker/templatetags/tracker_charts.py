from django import template
from django.utils import timezone

from cliffhanger.tracker.charts import show_status_chart as status_chart

register = template.Library()


@register.simple_tag
def show_status_chart(show, seasons):
    """The show page's season-by-season status chart (from the seasons' history)."""
    return status_chart(show=show, seasons=seasons, today=timezone.localdate())

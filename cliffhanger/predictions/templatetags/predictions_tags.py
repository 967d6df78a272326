from django import template

from cliffhanger.predictions.charts import poll_forecast_chart

register = template.Library()


@register.filter
def forecast_chart(results):
    """The poll's forecast-history chart (results.history), as SVG and a table."""
    if results.history is None:
        return ""
    return poll_forecast_chart(poll=results.poll, history=results.history)

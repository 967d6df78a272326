"""Predictions' template tags for Jinja2 templates (core/jinja_env.py)."""

from cliffhanger.predictions.charts import poll_forecast_chart


def forecast_chart(results):
    """The poll's forecast-history chart (results.history), as SVG and a table."""
    if results.history is None:
        return ""
    return poll_forecast_chart(poll=results.poll, history=results.history)


FILTERS = {"forecast_chart": forecast_chart}

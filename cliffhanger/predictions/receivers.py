"""Prediction polls listen for the tracker's status changes."""

from django.dispatch import receiver

from cliffhanger.tracker.signals import season_status_changed

from .services import prediction_polls_resolve


@receiver(season_status_changed)
def resolve_prediction_polls(sender, change, **kwargs):
    prediction_polls_resolve(season=change.season)

"""
The season chooser in the admin (recording a status change picks a season),
with a search box: Wagtail offers one only for models in its search index,
and seasons are not, so 40-odd seasons sat ten to a page with nothing to find
one by. A status change cannot be undone, so picking the right season matters.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)


class SeasonFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Show title")}),
        required=False,
    )

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = objects.filter(show__title__icontains=query)
            self.is_searching, self.search_query = True, query
        return objects.select_related("show")


class SeasonChooseView(ChooseView):
    filter_form_class = SeasonFilterForm


class SeasonChooseResultsView(ChooseResultsView):
    filter_form_class = SeasonFilterForm


class SeasonChooserViewSet(SnippetChooserViewSet):
    choose_view_class = SeasonChooseView
    choose_results_view_class = SeasonChooseResultsView

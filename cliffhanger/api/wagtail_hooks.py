"""
API keys in the Wagtail admin (Settings › API keys). A key is shown once, in
the message after it is made; only its hash is kept. Revoking sets a time
(or delete the key): calls with it are refused from then on.
"""

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from .models import ApiKey


class IssueKeyView(CreateView):
    def save_instance(self):
        api_key = self.form.instance
        self.issued_key = api_key.issue()
        api_key.owner = self.request.user
        api_key.save()
        return api_key

    def get_success_message(self, instance):
        return (
            f"API key “{instance.name}” issued. Copy it now; it is not shown "
            f"again: {self.issued_key}"
        )


class ApiKeyViewSet(SnippetViewSet):
    model = ApiKey
    icon = "key"
    menu_label = "API keys"
    add_to_settings_menu = True
    add_view_class = IssueKeyView
    list_display = [
        "name",
        "owner",
        "requests_per_minute",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    panels = [
        FieldPanel("name"),
        FieldPanel("requests_per_minute"),
        FieldPanel("revoked_at", heading="Revoked at (set to revoke the key)"),
    ]


register_snippet(ApiKeyViewSet)

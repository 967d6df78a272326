"""The Jinja2 environment for tests: each render is announced as Django's
test runner announces its own templates', so the test client's
`response.templates` and `response.context` list Jinja2 templates too."""

from django.test.signals import template_rendered

from cliffhanger.core import jinja_env


class AnnouncedTemplate(jinja_env.Template):
    def render(self, *args, **kwargs):
        template_rendered.send(
            sender=self, template=self, context=dict(*args, **kwargs)
        )
        return super().render(*args, **kwargs)


def environment(**options):
    env = jinja_env.environment(**options)
    env.template_class = AnnouncedTemplate
    return env

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """
    The demo site `make run` serves: its content as data files (data/), the
    code that draws or generates the rest, and `manage.py load_demo`. It sits
    above every app and no app imports it.
    """

    name = "cliffhanger.demo"
    label = "demo"
    verbose_name = "Demo site"

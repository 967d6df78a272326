import os

from django.core.wsgi import get_wsgi_application

from cliffhanger.manage import start_up_frozen

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cliffhanger.settings.base")

with start_up_frozen():  # see cliffhanger/manage.py
    application = get_wsgi_application()

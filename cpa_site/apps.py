import os

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CpaSiteConfig(AppConfig):
    name = "cpa_site"
    verbose_name = _("Academy site")

    def ready(self):
        from django.conf import settings

        from . import signals  # noqa: F401  (connects the page cache's purges)

        # The filesystem broker needs its folders before the first message is sent.
        if settings.CELERY_BROKER_URL == "filesystem://":
            for key in ("data_folder_in", "processed_folder", "control_folder"):
                os.makedirs(settings.CELERY_BROKER_TRANSPORT_OPTIONS[key], exist_ok=True)
            os.makedirs(settings.CELERY_RESULTS_DIR, exist_ok=True)

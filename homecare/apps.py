from django.apps import AppConfig


class HomecareConfig(AppConfig):
    name = "homecare"

    def ready(self):
        from homecare import checks  # noqa: F401 (registers the deployment checks)

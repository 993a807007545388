from django.conf import settings


def service(request):
    """The council and service names shown in the header of every page."""
    return {"council_name": settings.COUNCIL_NAME, "service_name": settings.SERVICE_NAME}

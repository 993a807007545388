"""Pages anyone may read without signing in: published meetings, agendas, minutes and decisions, and feeds."""

app_name = "public"

urlpatterns = []

"""The decision log, action log, deadlines and decisions between meetings (names in the governance namespace)."""

urlpatterns = []

"""A person's own meetings and private calendar feed (names in the governance namespace)."""

urlpatterns = []

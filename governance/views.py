from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from governance import permissions, queries


@require_safe
@login_required
def structure(request):
    bodies, visible_ids = queries.bodies_for_chart(permissions.bodies_visible_to(request.user))
    return render(request, "governance/structure.html", {"bodies": bodies, "visible_ids": visible_ids})

"""What changed to one record, for a period: who, when, and each field before and after."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from governance import history
from homecare import changes

PAGE_SIZE = 25


@require_safe
@login_required
def object_changes(request, app_label, model_name, pk):
    record = changes.record_for_user(request.user, app_label, model_name, pk)
    form = history.PeriodForm(request.GET)
    page_obj, rows = None, []
    if form.is_valid():
        page_obj = Paginator(changes.changes_of(record, *form.period()), PAGE_SIZE).get_page(request.GET.get("page"))
        page_obj.elided_range = list(
            page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
        )
        rows = history.rows_with_previous(page_obj.object_list, request.user)
    return render(
        request,
        "changes/object.html",
        {
            "record": record,
            "kind": record._meta.verbose_name,
            "back_url": record.get_absolute_url() if hasattr(record, "get_absolute_url") else None,
            "form": form,
            "page_obj": page_obj,
            "rows": rows,
        },
    )

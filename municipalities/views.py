"""Public views of the participating municipalities: those with at least one published interview."""

from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from interviews.models import Interview
from municipalities import map as germany_map
from municipalities.models import Kommune


def participating():
    """Kommunen with at least one published interview."""
    return Kommune.objects.filter(pk__in=Interview.objects.published().values("kommune_id"))


@require_safe
def kommune_list(request):
    public = Q(interviews__in=Interview.objects.published())
    kommunen = list(
        participating()
        .annotate(
            interview_count=Count("interviews", filter=public), latest=Max("interviews__published_at", filter=public)
        )
        .order_by("name")
    )
    markers = germany_map.markers(kommunen)
    context = {
        "kommunen": kommunen,
        "markers": markers,
        "unmapped": len(kommunen) - len(markers),
        "map": {"width": germany_map.WIDTH, "height": germany_map.HEIGHT, "outline": germany_map.OUTLINE},
    }
    return render(request, "municipalities/kommune_list.html", context)


@require_safe
def kommune_detail(request, slug):
    kommune = get_object_or_404(participating().prefetch_related("awards"), slug=slug)
    interviews = (
        Interview.objects.published()
        .filter(kommune=kommune)
        .select_related("series", "kommune")
        .order_by("-published_at")
    )
    return render(request, "municipalities/kommune_detail.html", {"kommune": kommune, "interviews": interviews})

from django.urls import path

from projects import views_charts

urlpatterns = [
    path("<slug:slug>/timeline/", views_charts.timeline, name="timeline"),
    path("<slug:slug>/timeline.svg", views_charts.timeline_svg, name="timeline_svg"),
    path("<slug:slug>/dependencies/", views_charts.dependencies, name="dependencies"),
    path("<slug:slug>/dependencies.svg", views_charts.dependencies_svg, name="dependencies_svg"),
]

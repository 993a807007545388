from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from homecare import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("sign-in/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("governance/", include("governance.urls")),
    path("public/", include("governance.urls_public")),
    path("projects/", include("projects.urls")),
    path("risks/", include("risks.urls")),
    path("admin/", admin.site.urls),
]

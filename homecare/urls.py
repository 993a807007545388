from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from homecare import views, views_changes

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("work-count/", views.work_count, name="work_count"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("sign-in/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    # A password change keeps this session signed in and ends every other session of the account.
    path("account/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("account/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("changes/<str:app_label>/<str:model_name>/<int:pk>/", views_changes.object_changes, name="object_changes"),
    path("governance/", include("governance.urls")),
    path("public/", include("governance.urls_public")),
    path("projects/", include("projects.urls")),
    path("risks/", include("risks.urls")),
    path("admin/", admin.site.urls),
]

from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("account/sign-in/", views.SignInView.as_view(), name="login"),
    path("account/sign-out/", views.SignOutView.as_view(), name="logout"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "account/password/done/",
        views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("p/<slug:partnership>/", views.PartnershipHomeView.as_view(), name="partnership_home"),
]

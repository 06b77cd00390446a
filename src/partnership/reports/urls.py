from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportsIndexView.as_view(), name="index"),
    path("<slug:plan>/delivery-plan/", views.DeliveryPlanView.as_view(), name="delivery_plan"),
]

from django.contrib.auth import views as auth_views
from django.urls import path

from events import pages, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    path("staff/", pages.staff_home, name="staff-home"),
    path("dispatch/", pages.dispatch_queue, name="dispatch-queue"),
    path("department/", pages.department_inbox, name="department-inbox"),
    path("worker/", pages.worker_home, name="worker-home"),
    path("worker/report/", pages.patrol_report, name="patrol-report"),
    path("cases/<str:tracking_number>/", pages.case_page, name="case-page"),
    path("cases/<str:tracking_number>/act/<str:action>/", pages.case_act, name="case-act"),
]

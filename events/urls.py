from django.contrib.auth import views as auth_views
from django.urls import path

from events import views
from events.citizen import pages as citizen
from events.staff import command as dashboard
from events.staff import hotline, offline, pages, tasks
from events.staff import patrols as patrol_pages

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", offline.LogoutView.as_view(next_page="/"), name="logout"),
    # At the root: a service worker's scope is the folder it is served from.
    path("sw.js", offline.service_worker, name="service-worker"),
    path("manifest.webmanifest", offline.manifest, name="web-manifest"),
    path("staff/", pages.staff_home, name="staff-home"),
    path("dispatch/", pages.dispatch_queue, name="dispatch-queue"),
    path("department/", pages.department_inbox, name="department-inbox"),
    path("command/", dashboard.command, name="command"),
    path("command/charts/daily.svg", dashboard.daily_chart, name="command-daily-chart"),
    path("command/charts/kpi.svg", dashboard.kpi_chart, name="command-kpi-chart"),
    path("hotline/", hotline.desk, name="hotline-desk"),
    path("hotline/duplicates", hotline.duplicates, name="hotline-duplicates"),
    path("hotline/attach/", hotline.attach, name="hotline-attach"),
    path("worker/", pages.worker_home, name="worker-home"),
    path("worker/report/", pages.patrol_report, name="patrol-report"),
    path("worker/patrol/", patrol_pages.patrol_page, name="patrol-track"),
    path("worker/patrol/start/", patrol_pages.patrol_start, name="patrol-start"),
    path("worker/patrol/<int:pk>/end/", patrol_pages.patrol_end, name="patrol-end"),
    path("patrols/", patrol_pages.patrol_list, name="patrol-list"),
    path("patrols/<int:pk>/", patrol_pages.patrol_log, name="patrol-log"),
    path("worker/tasks/<int:pk>/", tasks.task_page, name="worker-task"),
    path("worker/tasks/<int:pk>/case/", tasks.task_case, name="worker-task-case"),
    path("campaigns/", tasks.campaign_list, name="campaign-list-page"),
    path("campaigns/<int:pk>/", tasks.campaign_page, name="campaign-page"),
    path("cases/<str:tracking_number>/", pages.case_page, name="case-page"),
    path("cases/<str:tracking_number>/act/<str:action>/", pages.case_act, name="case-act"),
    path("report/", citizen.report, name="citizen-report"),
    path("report/duplicates", citizen.duplicates, name="citizen-duplicates"),
    path("report/me-too/", citizen.me_too, name="citizen-me-too"),
    path("track/<str:tracking_number>/", citizen.track, name="citizen-track"),
    path("track/<str:tracking_number>/rate/", citizen.rate, name="citizen-rate"),
]

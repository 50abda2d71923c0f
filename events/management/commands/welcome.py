from django.conf import settings
from django.core.management.base import BaseCommand

from org.demo import DEMO_USERS


class Command(BaseCommand):
    help = "Print the URLs and demo logins (make run shows this before starting)."

    def handle(self, *args, **options):
        base = f"http://{settings.RUN_HOST}:{settings.RUN_PORT}"
        self.stdout.write(f"""
  Grid governance platform
  Home        {base}/
  Admin       {base}/{settings.ADMIN_URL}
  API docs    {base}/api/v1/docs/
  Taxonomy    {base}/api/v1/taxonomy/

  Demo logins (password: {settings.DEMO_PASSWORD})""")
        for username, name, role, _department, _scope in DEMO_USERS:
            self.stdout.write(f"    {username:<12} {role:<14} {name}")
        if settings.DEMO_SIMULATOR:
            self.stdout.write("\n  Demo simulator on: reports arrive and simulated staff move "
                              "cases while it runs\n  (DEMO_SIMULATOR=0 make run to keep the "
                              "district still; docs/demo.md).")
        self.stdout.write("\n  Ctrl-C stops web, worker and beat together.\n")

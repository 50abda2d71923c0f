from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every sign-in over the web (the login page, the admin,
    DRF). A call to authenticate() without a request is code, not a visitor — management
    commands and the test client's login() — so it is left to the next backend instead of
    failing as axes would."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

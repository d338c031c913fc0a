from django.urls import path
from oauth2_provider import views as oauth

from emitra.sso import views
from emitra.sso.oidc import LogoutView

app_name = "sso"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("register/", views.register, name="register"),
    path("reset/", views.reset_start, name="reset_start"),
    path("reset/code/", views.reset_finish, name="reset_finish"),
]

# OpenID Connect endpoints (django-oauth-toolkit), mounted by emitra/urls.py
# under "sso/" in the namespace oauth2_provider that the toolkit reverses.
oidc_patterns = [
    path("authorize/", views.AuthorizeView.as_view(), name="authorize"),
    path("token/", oauth.TokenView.as_view(), name="token"),
    path("revoke/", oauth.RevokeTokenView.as_view(), name="revoke-token"),
    path(".well-known/openid-configuration", oauth.ConnectDiscoveryInfoView.as_view(), name="oidc-connect-discovery-info"),
    path(".well-known/oauth-authorization-server", oauth.OAuthServerMetadataView.as_view(),
         name="oauth-server-metadata"),
    path(".well-known/jwks.json", oauth.JwksInfoView.as_view(), name="jwks-info"),
    path("userinfo/", oauth.UserInfoView.as_view(), name="user-info"),
    path("end-session/", LogoutView.as_view(), name="rp-initiated-logout"),
]

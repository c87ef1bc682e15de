from django.urls import path

from cheber.certificates import views

app_name = "certificates"
urlpatterns = [
    # public, no log-in
    path("verify/", views.verify, name="verify"),
    path("keys.json", views.public_keys, name="public_keys"),
    path("jwks.json", views.jwks, name="jwks"),
    path("issuers/<str:code>/did.json", views.issuer_did, name="issuer_did"),
    path("issuers/<str:code>/status/<int:number>/", views.status_list, name="status_list"),
    # holders and staff in scope
    path("mine/", views.my_certificates, name="my_certificates"),
    path("mine/certificates.zip", views.my_certificates_zip, name="my_certificates_zip"),
    path("<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("<int:pk>/credential.jwt", views.certificate_credential, name="certificate_credential"),
    path(
        "<int:pk>/credential.json",
        views.certificate_credential_json,
        name="certificate_credential_json",
    ),  # fmt: skip
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
    path("<int:pk>/reissue/", views.reissue, name="reissue"),
    path("educators/<int:pk>/", views.educator_certificates, name="educator_certificates"),
    path("educators/<int:pk>/external/", views.record_external, name="record_external"),
    # providers
    path("sessions/<int:pk>/", views.session_certificates, name="session_certificates"),
    path("sessions/<int:pk>/issue/", views.issue_session, name="issue_session"),
    path("sessions/<int:pk>/zip/", views.session_zip, name="session_zip"),
]

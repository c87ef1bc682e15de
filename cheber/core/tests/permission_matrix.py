"""Who may open each URL: one entry per named URL pattern (a new URL without one fails the
matrix test). The roles are those of `permission_world.ROLES`.

An entry says which world object the URL's keywords name (`obj`), which roles may use it on
their own side (`who`), which of them also on the other side (`everywhere`: by default the
national roles among `who`; objects everybody may see, like a published session, say so),
whether it is public, whether it takes only POST (then a GET is 405), and the POST data that
would change something (references `@name` are the pk of that object on the same side).
Everyone outside `who` is refused (403 or 404) and changes nothing; outside their own side a
role of `who` that is not `everywhere` gets 404.
"""

from dataclasses import dataclass, field

from cheber.core.tests.permission_world import NATIONAL, ROLES

LOGGED_IN = frozenset(ROLES) - {"anonymous"}
READERS = frozenset(NATIONAL)  # ministry, institute, auditor, administrator
EDITORS = frozenset({"institute", "oblast", "methodist", "principal", "admin"})  # the registry
RUNNERS = frozenset({"institute", "provider", "admin"})  # programmes, plans, sessions
PROVIDER_READERS = READERS | {"provider"}
TERRITORY = READERS | {"oblast", "methodist"}
AUTHORS = frozenset({"provider", "admin"})  # a programme's course content
APPROVERS = frozenset({"institute", "admin"})
LEARNER = frozenset({"teacher"})
VERIFIERS = frozenset({"methodist", "provider", "admin"})  # of self-declared training


@dataclass(frozen=True)
class Rule:
    obj: str | None = None
    who: frozenset[str] = frozenset()
    everywhere: frozenset[str] | None = None
    public: bool = False
    post_only: bool = False
    post: dict[str, str] = field(default_factory=dict)
    post_who: frozenset[str] | None = None  # who may POST, if fewer than `who`
    query: dict[str, str] = field(default_factory=dict)
    method: str = "POST"  # how `post` is sent (an API route that corrects: PATCH)

    @property
    def posters(self) -> frozenset[str]:
        return self.who if self.post_who is None else self.post_who

    @property
    def anywhere(self) -> frozenset[str]:
        return self.who & READERS if self.everywhere is None else self.everywhere


MATRIX: dict[str, Rule] = {
    # core
    "core:landing": Rule(public=True),
    "core:home": Rule(who=LOGGED_IN),
    "core:job_detail": Rule("job", who=frozenset({"provider"}), everywhere=frozenset()),
    "core:job_download": Rule("job", who=frozenset({"provider"}), everywhere=frozenset()),
    "core:audit_log": Rule(who=frozenset({"auditor", "admin"})),
    "core:access_log": Rule(who=frozenset({"auditor", "admin"})),
    # for load balancers and monitoring: no log-in, nothing personal (/metrics only from the
    # allowed addresses, which the test client's 127.0.0.1 is)
    "core:healthz": Rule(public=True),
    "core:readyz": Rule(public=True),
    "core:metrics": Rule(public=True),
    # log-in
    "accounts:login": Rule(public=True),
    "accounts:logout": Rule(public=True),  # a GET asks to confirm
    "set_language": Rule(public=True),
    # users
    "users:user_list": Rule(who=EDITORS | {"provider"}),
    "users:user_invite": Rule(who=EDITORS | {"provider"}),
    # registry
    "registry:educator_list": Rule(who=LOGGED_IN),
    "registry:educator_export": Rule(who=LOGGED_IN),
    "registry:educator_create": Rule(who=EDITORS),
    "registry:educator_detail": Rule("educator", who=LOGGED_IN),
    "registry:educator_edit": Rule("educator", who=EDITORS),
    "registry:employment_create": Rule("educator", who=EDITORS),
    "registry:training_create": Rule("educator", who=EDITORS),
    "registry:training_edit": Rule(
        "recorded_training",
        who=EDITORS,
        post={
            "title": "Курс",
            "provider_name": "Сорос-Кыргызстан",
            "hours": "36",
            "start_date": "2024-02-01",
            "end_date": "2024-02-10",
            "form": "stationary",
        },
    ),  # fmt: skip
    "registry:employment_end": Rule("employment", who=EDITORS, post={"end_date": "2026-12-31"}),
    # (a declared training: its district's methodist, staff of the provider it names)
    "registry:training_queue": Rule(who=VERIFIERS),
    "registry:declared_training": Rule("declared_training", who=VERIFIERS),
    "registry:verify_training": Rule("declared_training", who=VERIFIERS, post_only=True),
    "registry:reject_training": Rule(
        "declared_training", who=VERIFIERS, post_only=True, post={"reason": "Документ окулбайт."}
    ),
    "registry:training_document": Rule("declared_training", who=LOGGED_IN),
    "registry:organization_list": Rule(who=LOGGED_IN),
    "registry:organization_detail": Rule("school", who=LOGGED_IN - {"provider"}),
    # catalogue
    "catalog:programme_list": Rule(who=LOGGED_IN),
    "catalog:programme_create": Rule(who=RUNNERS),
    "catalog:programme_detail": Rule("programme", who=PROVIDER_READERS),
    "catalog:programme_edit": Rule("programme", who=RUNNERS),
    "catalog:programme_approve": Rule(
        "programme", who=frozenset({"institute", "admin"}), post_only=True
    ),  # fmt: skip
    "catalog:programme_archive": Rule("programme", who=RUNNERS, post_only=True),
    # plan-schedule
    "schedule:session_list": Rule(who=LOGGED_IN),
    "schedule:session_calendar": Rule(who=LOGGED_IN),
    "schedule:session_export": Rule(who=LOGGED_IN),
    "schedule:ical": Rule(public=True),
    "schedule:plan_list": Rule(who=PROVIDER_READERS),
    "schedule:plan_create": Rule(who=RUNNERS),
    "schedule:plan_detail": Rule("plan", who=PROVIDER_READERS),
    "schedule:plan_submit": Rule("plan", who=RUNNERS, post_only=True),
    "schedule:plan_approve": Rule("plan", who=frozenset({"institute", "admin"}), post_only=True),
    "schedule:plan_return": Rule(
        "plan", who=frozenset({"institute", "admin"}), post_only=True, post={"note": "Толуктаңыз"}
    ),  # fmt: skip
    "schedule:session_create": Rule("plan", who=RUNNERS),
    "schedule:session_edit": Rule("session", who=RUNNERS),
    "schedule:session_quotas": Rule("session", who=RUNNERS),
    # delivery: places
    "delivery:session_detail": Rule("session", who=LOGGED_IN, everywhere=LOGGED_IN),
    "delivery:apply": Rule(
        "session",
        who=frozenset({"teacher"}),
        everywhere=frozenset({"teacher"}),
        post_only=True,
        post={"funding": "contract"},
    ),  # fmt: skip
    "delivery:nominate": Rule(
        "session", who=frozenset({"methodist"}), everywhere=frozenset({"methodist"})
    ),  # fmt: skip
    "delivery:my_courses": Rule(who=frozenset({"teacher"})),
    "delivery:enrolment_detail": Rule("enrolment", who=LOGGED_IN),
    "delivery:withdraw": Rule(
        "enrolment",
        post_only=True,
        post={"reason": "Ооруп калдым"},
        who=frozenset({"provider", "methodist", "principal", "teacher", "admin"}),
    ),  # fmt: skip
    # the educator withdraws; a rejection is the cabinet's, the principal's or the provider's
    "delivery:reject": Rule(
        "enrolment",
        who=frozenset({"provider", "methodist", "principal", "admin"}),
        post_only=True,
        post={"reason": "Орун жок"},
    ),  # fmt: skip
    "delivery:confirm": Rule("enrolment", who=frozenset({"methodist", "admin"}), post_only=True),
    "delivery:confirm_release": Rule(
        "enrolment", who=frozenset({"principal", "admin"}), post_only=True
    ),  # fmt: skip
    "delivery:cabinet": Rule(who=frozenset({"methodist"})),
    "delivery:release_quota": Rule("quota", who=frozenset({"methodist", "admin"}), post_only=True),
    "delivery:staff_away": Rule(who=frozenset({"principal"})),
    "delivery:notifications": Rule(who=frozenset({"teacher"})),
    # delivery: the provider's pages
    "delivery:provider_sessions": Rule(who=PROVIDER_READERS),
    "delivery:roster": Rule(
        "session",
        who=PROVIDER_READERS,
        post_who=frozenset({"provider", "admin"}),
        post={"enrolment": "@enrolment", "reason": "Орун жок"},
    ),  # fmt: skip
    "delivery:roster_export": Rule("session", who=PROVIDER_READERS),
    "delivery:accept": Rule("enrolment", who=frozenset({"provider", "admin"}), post_only=True),
    "delivery:record_payment": Rule(
        "enrolment",
        who=frozenset({"provider", "admin"}),
        post_only=True,
        post={"reference": "№ 12"},
    ),  # fmt: skip
    "delivery:attendance": Rule("session", who=PROVIDER_READERS),
    "delivery:results": Rule("session", who=PROVIDER_READERS),
    "delivery:complete": Rule("session", who=frozenset({"provider", "admin"}), post_only=True),
    # learning: authoring content
    "learning:content": Rule("online_programme", who=PROVIDER_READERS),
    "learning:start_draft": Rule("online_programme", who=AUTHORS, post_only=True),
    "learning:version_detail": Rule("content_version", who=PROVIDER_READERS),
    "learning:submit_version": Rule("content_version", who=AUTHORS, post_only=True),
    "learning:approve_version": Rule("content_version", who=APPROVERS, post_only=True),
    "learning:approve_with_programme": Rule("content_version", who=APPROVERS, post_only=True),
    "learning:return_version": Rule(
        "content_version", who=APPROVERS, post_only=True, post={"note": "Толуктаңыз"}
    ),  # fmt: skip
    "learning:lesson_create": Rule("content_version", who=AUTHORS),
    "learning:lesson_edit": Rule("lesson", who=PROVIDER_READERS),
    "learning:lesson_preview": Rule("lesson", who=PROVIDER_READERS),
    "learning:lesson_delete": Rule("lesson", who=AUTHORS, post_only=True),
    "learning:lesson_move": Rule("lesson", who=AUTHORS, post_only=True, post={"direction": "up"}),
    "learning:material_remove": Rule("material", who=AUTHORS, post_only=True),
    "learning:material_add": Rule(
        "lesson",
        who=AUTHORS,
        post_only=True,
        post={"kind": "oer", "title_ky": "OER", "url": "https://oer.kg/1", "licence": "CC BY"},
    ),  # fmt: skip
    "learning:material_file": Rule("material", who=PROVIDER_READERS | {"teacher"}),
    # learning: the learner (only their own course) and the provider's progress roster
    "learning:online_courses": Rule(who=LOGGED_IN),
    "learning:enrol": Rule(
        "online_session",
        who=frozenset({"teacher"}),
        everywhere=frozenset({"teacher"}),
        post_only=True,
    ),  # fmt: skip
    "learning:course": Rule("study", who=LEARNER, everywhere=frozenset()),
    "learning:start": Rule("study", who=LEARNER, everywhere=frozenset(), post_only=True),
    "learning:lesson": Rule(
        {"pk": "study", "lesson_pk": "lesson"}, who=LEARNER, everywhere=frozenset()
    ),  # fmt: skip
    "learning:seen": Rule(
        {"pk": "study", "lesson_pk": "lesson"},
        who=LEARNER,
        everywhere=frozenset(),
        post_only=True,
    ),  # fmt: skip
    "learning:offline_manifest": Rule("study", who=LEARNER, everywhere=frozenset()),
    "learning:session_progress": Rule("online_session", who=PROVIDER_READERS),
    "learning:remind": Rule("study", who=PROVIDER_READERS, post_who=AUTHORS, post_only=True),
    "learning:complete_blended": Rule("online_session", who=AUTHORS, post_only=True),
    "learning:online_terms": Rule(
        "online_session",
        who=AUTHORS,
        post={
            "enrol_from": "2026-01-01",
            "enrol_until": "2026-01-02",
            "learners_per_trainer": "40",
        },
    ),  # fmt: skip
    "service_worker": Rule(public=True),
    "site_did": Rule(public=True),
    # learning: assessment (the learner's own enrolment; results also to staff in scope)
    "learning:assessment_overview": Rule(
        "enrolment", who=frozenset({"teacher"}), everywhere=frozenset()
    ),  # fmt: skip
    "learning:test_start": Rule(
        {"enrolment_pk": "enrolment", "pk": "test"},
        who=frozenset({"teacher"}),
        everywhere=frozenset(),
        post={"start": "1"},
    ),  # fmt: skip
    "learning:attempt": Rule("attempt", who=frozenset({"teacher"}), everywhere=frozenset()),
    "learning:attempt_save": Rule(
        "attempt",
        who=frozenset({"teacher"}),
        everywhere=frozenset(),
        post_only=True,
        post={"slot": "1", "s1-seq": "0", "s1-choice": "0"},
    ),  # fmt: skip
    "learning:attempt_submit": Rule(
        "attempt",
        who=frozenset({"teacher"}),
        everywhere=frozenset(),
        post_only=True,
        post={"token": "8a6e0804-2bd0-4672-b79d-d97027f9071a", "action": "finish"},
    ),  # fmt: skip
    "learning:attempt_result": Rule("attempt", who=PROVIDER_READERS | {"teacher"}),
    "learning:assignment": Rule(
        {"enrolment_pk": "enrolment", "pk": "assignment"},
        who=frozenset({"teacher"}),
        everywhere=frozenset(),
        post={"text": "Менин ишим"},
    ),  # fmt: skip
    "learning:submission_file": Rule("submission", who=PROVIDER_READERS | {"teacher"}),
    "learning:session_assessment": Rule("session", who=PROVIDER_READERS),
    "learning:submission_grade": Rule(
        "submission", who=RUNNERS, post={"comment": "Жакшы"}
    ),  # fmt: skip
    "learning:bank": Rule("programme", who=PROVIDER_READERS),
    "learning:question_add": Rule(
        "programme",
        who=RUNNERS,
        post={
            "kind": "single",
            "category": "Жаңы",
            "name": "Жаңы суроо",
            "text": "Суроо?",
            "answers": "*Ооба\nЖок",
            "status": "ready",
        },
    ),  # fmt: skip
    "learning:question_edit": Rule("question", who=RUNNERS),
    "learning:gift_import": Rule(
        "programme", who=RUNNERS, post={"text": "::Жаңы:: Суроо? {=Ооба ~Жок}"}
    ),  # fmt: skip
    "learning:export_gift": Rule("programme", who=PROVIDER_READERS),
    "learning:export_xml": Rule("programme", who=PROVIDER_READERS),
    "learning:test_add": Rule("programme", who=RUNNERS),
    "learning:test_edit": Rule("test", who=RUNNERS),
    "learning:test_statistics": Rule("test", who=PROVIDER_READERS),
    "learning:assignment_add": Rule("programme", who=RUNNERS),
    "learning:assignment_edit": Rule("assignment", who=RUNNERS),
    # certificates
    "certificates:verify": Rule(public=True),
    "certificates:public_keys": Rule(public=True),
    "certificates:jwks": Rule(public=True),
    "certificates:issuer_did": Rule({"code": "NRN-MC"}, public=True),
    "certificates:status_list": Rule({"code": "NRN-MC", "number": "0"}, public=True),
    "certificates:my_certificates": Rule(who=frozenset({"teacher"})),
    "certificates:my_certificates_zip": Rule(who=frozenset({"teacher"})),
    "certificates:certificate_detail": Rule("certificate", who=LOGGED_IN),
    "certificates:certificate_pdf": Rule("certificate", who=LOGGED_IN),
    "certificates:certificate_credential": Rule("certificate", who=LOGGED_IN),
    "certificates:certificate_credential_json": Rule("certificate", who=LOGGED_IN),
    "certificates:revoke": Rule(
        "certificate", who=RUNNERS, post_only=True, post={"reason": "Ката"}
    ),  # fmt: skip
    "certificates:reissue": Rule(
        "certificate", who=RUNNERS, post_only=True, post={"reason": "Ката", "hours": "80"}
    ),  # fmt: skip
    "certificates:educator_certificates": Rule("educator", who=LOGGED_IN),
    "certificates:record_external": Rule("educator", who=EDITORS | {"teacher"}),
    "certificates:session_certificates": Rule("finished_session", who=PROVIDER_READERS),
    "certificates:issue_session": Rule("finished_session", who=RUNNERS, post_only=True),
    "certificates:session_zip": Rule("finished_session", who=RUNNERS, post_only=True),
    # compliance
    "compliance:dashboard": Rule(who=LOGGED_IN),
    "compliance:region_dashboard": Rule("region", who=READERS | {"oblast"}),
    "compliance:district_dashboard": Rule("district", who=TERRITORY),
    "compliance:organization_dashboard": Rule("school", who=TERRITORY | {"principal"}),
    "compliance:educator_list": Rule(who=LOGGED_IN - {"teacher"}),
    "compliance:educator_list_xlsx": Rule(who=LOGGED_IN - {"teacher"}),
    "compliance:breakdown_xlsx": Rule("district", who=TERRITORY, query={"unit": "@district"}),
    "compliance:forecast": Rule(who=TERRITORY),
    "compliance:forecast_xlsx": Rule(who=TERRITORY),
    "compliance:report_pdf": Rule("district", who=TERRITORY, query={"unit": "@district"}),
    "compliance:my_status": Rule(who=frozenset({"teacher"})),
    "compliance:policy_list": Rule(who=READERS),
    "compliance:policy_create": Rule(who=frozenset({"institute", "admin"})),
    "compliance:policy_edit": Rule("policy", who=frozenset({"institute", "admin"})),
    # plan builder: runs are national, placements are of a territory
    "planner:run_list": Rule(who=TERRITORY),
    "planner:run_detail": Rule("run", who=TERRITORY, everywhere=TERRITORY),
    "planner:run_progress": Rule("run", who=TERRITORY, everywhere=TERRITORY),
    "planner:suggestions": Rule("run", who=TERRITORY, everywhere=TERRITORY),
    "planner:session_list": Rule("run", who=READERS),
    "planner:what_if": Rule("run", who=frozenset({"institute", "admin"}), post_only=True),
    "planner:nominate": Rule("run", who=frozenset({"institute", "admin"}), post_only=True),
    "planner:session_detail": Rule(
        {"pk": "run", "session_pk": "session"}, who=TERRITORY, everywhere=TERRITORY
    ),  # a session is national; the people shown are of one's territory
    "planner:district_detail": Rule({"pk": "run", "unit_pk": "district"}, who=TERRITORY),
    "planner:placement_edit": Rule(
        {"pk": "run", "placement_pk": "placement"}, who=frozenset({"institute", "admin"})
    ),  # fmt: skip
    # imports
    "imports:upload": Rule(who=EDITORS),
    "imports:job_detail": Rule("import_job", who=frozenset({"methodist"}), everywhere=frozenset()),
    # (the world's check has no columns to map: even its owner gets 404; the imports tests
    # remap a real one)
    "imports:job_remap": Rule(
        "import_job",
        who=frozenset({"methodist"}),
        everywhere=frozenset(),
        post_only=True,
        post_who=frozenset(),
    ),  # fmt: skip
    "imports:job_commit": Rule(
        "import_job", who=frozenset({"methodist"}), everywhere=frozenset(), post_only=True
    ),  # fmt: skip
    # (the world's check kept no report: even its owner gets 404; the imports tests download
    # a real one)
    "imports:job_problems": Rule("import_job", who=frozenset(), everywhere=frozenset()),
    "imports:template": Rule({"language": "ky"}, who=LOGGED_IN, everywhere=LOGGED_IN),  # blank
    "imports:export": Rule(
        "district",
        who=frozenset({"oblast", "methodist", "admin"}),
        query={"unit": "@district.soate"},
    ),  # fmt: skip
    # log-in, password and second factor (django-allauth); no sign-up
    "account_login": Rule(public=True),
    "account_logout": Rule(public=True),
    "account_inactive": Rule(public=True),
    "account_signup": Rule(public=True),
    "account_reauthenticate": Rule(who=LOGGED_IN),
    "account_request_reauthentication_code": Rule(who=LOGGED_IN),
    "account_confirm_reauthentication_code": Rule(who=LOGGED_IN),
    "account_email": Rule(who=LOGGED_IN),
    "account_email_verification_sent": Rule(public=True),
    "account_change_password": Rule(who=LOGGED_IN),
    "account_set_password": Rule(who=LOGGED_IN),
    "account_reset_password": Rule(public=True),
    "account_confirm_login_code": Rule(who=LOGGED_IN),
    "account_confirm_email": Rule({"key": "no-such-key"}, public=True),
    "account_reset_password_from_key_done": Rule(public=True),
    "account_reset_password_from_key": Rule({"uidb36": "1", "key": "no-such-key"}, public=True),
    "account_reset_password_done": Rule(public=True),
    "mfa_index": Rule(who=LOGGED_IN),
    "mfa_authenticate": Rule(who=LOGGED_IN),
    "mfa_reauthenticate": Rule(who=LOGGED_IN),
    "mfa_activate_totp": Rule(who=LOGGED_IN),
    # (nobody of the world has a second factor to show or remove: 404 for all)
    "mfa_deactivate_totp": Rule(),
    "mfa_view_recovery_codes": Rule(),
    "mfa_generate_recovery_codes": Rule(who=LOGGED_IN),
    "mfa_download_recovery_codes": Rule(),
    # the API (/api/v1/, cheber/api): the matrix asks it as the pages, logged in (the API
    # also takes the page session; its tokens act with the same scope, cheber/api/tests);
    # 401 counts as "login", JSON bodies are posted
    "api_v1:api-root": Rule(public=True),
    "api_v1:index": Rule(public=True),
    "api_v1:openapi-json": Rule(public=True),
    "api_v1:openapi-view": Rule(public=True),
    "api_v1:unit_list": Rule(who=LOGGED_IN),
    "api_v1:specialization_list": Rule(who=LOGGED_IN),
    "api_v1:organization_list": Rule(who=LOGGED_IN),
    "api_v1:organization_detail": Rule("school", who=LOGGED_IN - {"provider"}),
    "api_v1:educator_list": Rule(who=LOGGED_IN),
    "api_v1:educator_detail": Rule("educator", who=LOGGED_IN),
    "api_v1:training_list": Rule("educator", who=LOGGED_IN),
    "api_v1:training_create": Rule(
        "educator",
        who=LOGGED_IN,
        post_who=EDITORS,
        post={
            "title": "Курс",
            "provider_id": "@provider",
            "hours": "72",
            "start_date": "2025-01-10",
            "end_date": "2025-01-20",
            "form": "stationary",
        },
    ),  # fmt: skip
    "api_v1:training_correct": Rule(
        {"pk": "educator", "training_id": "recorded_training"},
        who=EDITORS,
        post_only=True,
        method="PATCH",
        post={"hours": "36"},
    ),
    "api_v1:leave_list": Rule("educator", who=LOGGED_IN),
    "api_v1:leave_create": Rule(
        "educator",
        who=LOGGED_IN,
        post_who=EDITORS | READERS,
        post={"kind": "illness", "start_date": "2026-01-10", "end_date": "2026-02-10"},
    ),  # fmt: skip
    # (reading the catalogue and the schedule is public; their writes are tested in cheber/api)
    "api_v1:programme_list": Rule(public=True),
    "api_v1:programme_propose": Rule(public=True),
    "api_v1:programme_detail": Rule("online_programme", public=True),
    "api_v1:programme_approve": Rule("programme", who=APPROVERS, post_only=True),
    "api_v1:session_list": Rule(public=True),
    "api_v1:session_detail": Rule("session", public=True),
    "api_v1:plan_open": Rule(
        who=RUNNERS, post_only=True, post={"provider_id": "@provider", "year": "2031"}
    ),  # fmt: skip
    "api_v1:plan_submit": Rule("plan", who=RUNNERS, post_only=True),
    "api_v1:plan_approve": Rule("plan", who=APPROVERS, post_only=True),
    "api_v1:session_add": Rule(
        "plan",
        who=RUNNERS,
        post_only=True,
        post={
            "programme_id": "@programme",
            "start_date": "2031-03-02",
            "end_date": "2031-03-04",
            "form": "stationary",
            "unit_id": "@district",
            "language": "ky",
            "budget_places": "5",
        },
    ),  # fmt: skip
    "api_v1:enrolment_list": Rule(who=LOGGED_IN),
    "api_v1:enrolment_detail": Rule("enrolment", who=LOGGED_IN),
    "api_v1:enrolment_apply": Rule(
        "session", who=LEARNER, everywhere=LEARNER, post_only=True, post={"funding": "contract"}
    ),  # fmt: skip
    "api_v1:enrolment_nominate": Rule(
        "session",
        who=frozenset({"methodist", "institute", "admin"}),
        post_only=True,
        post={"educator_id": "@educator"},
    ),  # fmt: skip
    "api_v1:enrolment_withdraw": Rule(
        "enrolment",
        post_only=True,
        post={"reason": "Ооруп калдым"},
        who=frozenset({"provider", "methodist", "principal", "teacher", "admin"}),
    ),  # fmt: skip
    "api_v1:enrolment_confirm_nomination": Rule(
        "enrolment", who=frozenset({"methodist", "admin"}), post_only=True
    ),  # fmt: skip
    "api_v1:enrolment_confirm_release": Rule(
        "enrolment", who=frozenset({"principal", "admin"}), post_only=True
    ),  # fmt: skip
    "api_v1:enrolment_accept": Rule("enrolment", who=AUTHORS, post_only=True),
    "api_v1:enrolment_result": Rule(
        "enrolment", who=AUTHORS, post_only=True, post={"passed": "true"}
    ),  # fmt: skip
    "api_v1:enrolment_complete": Rule("enrolment", who=AUTHORS, post_only=True),
    "api_v1:session_attendance": Rule("session", who=AUTHORS, post_only=True),
    "api_v1:session_complete": Rule("session", who=AUTHORS, post_only=True),
    "api_v1:certificate_list": Rule(who=LOGGED_IN),
    "api_v1:certificate_detail": Rule("certificate", who=LOGGED_IN),
    "api_v1:certificate_pdf": Rule("certificate", who=LOGGED_IN),
    "api_v1:certificate_credential": Rule("certificate", who=LOGGED_IN),
    "api_v1:certificate_credential_json": Rule("certificate", who=LOGGED_IN),
    "api_v1:session_issue": Rule("finished_session", who=RUNNERS, post_only=True),
    "api_v1:certificate_verify": Rule(
        public=True, query={"number": "@certificate.number", "token": "@certificate.token"}
    ),  # fmt: skip
    "api_v1:status_list": Rule(who=LOGGED_IN - {"teacher"}),
    "api_v1:educator_status": Rule("educator", who=LOGGED_IN - {"provider"}),
    "api_v1:import_upload": Rule(who=EDITORS, post_only=True),
    "api_v1:import_job": Rule("import_job", who=frozenset({"methodist"}), everywhere=frozenset()),
    "api_v1:import_commit": Rule(
        "import_job", who=frozenset({"methodist"}), everywhere=frozenset(), post_only=True
    ),  # fmt: skip
    # the API's tokens page (the world holds no token: revoking one is tested in cheber/api)
    "api:token_list": Rule(who=LOGGED_IN),
    "api:token_create": Rule(who=LOGGED_IN, post_only=True, post={"name": "Система"}),
    "api:machine_token_create": Rule(
        who=APPROVERS, post_only=True, post={"m-name": "Система", "m-organization": "@school.code"}
    ),  # fmt: skip
    "api:token_revoke": Rule({"pk": "0"}, post_only=True),
}

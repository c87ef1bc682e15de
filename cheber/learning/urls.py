from django.urls import path

from cheber.learning.views import assessment, assessment_bank, assignments

app_name = "learning"
urlpatterns = [
    # assessment
    # the learner (views/assessment.py, views/assignments.py)
    path(
        "enrolments/<int:pk>/assessment/",
        assessment.assessment_overview,
        name="assessment_overview",
    ),
    path("enrolments/<int:enrolment_pk>/tests/<int:pk>/", assessment.test_start, name="test_start"),
    path("attempts/<int:pk>/", assessment.attempt_page, name="attempt"),
    path("attempts/<int:pk>/save/", assessment.attempt_save, name="attempt_save"),
    path("attempts/<int:pk>/submit/", assessment.attempt_submit, name="attempt_submit"),
    path("attempts/<int:pk>/result/", assessment.attempt_result, name="attempt_result"),
    path(
        "enrolments/<int:enrolment_pk>/assignments/<int:pk>/",
        assignments.assignment_detail,
        name="assignment",
    ),
    path("submissions/<int:pk>/file/", assignments.submission_file, name="submission_file"),
    # trainers and providers (views/assessment_bank.py, views/assignments.py)
    path(
        "sessions/<int:pk>/assessment/", assignments.session_assessment, name="session_assessment"
    ),
    path("submissions/<int:pk>/grade/", assignments.submission_grade, name="submission_grade"),
    path("programmes/<int:pk>/bank/", assessment_bank.bank, name="bank"),
    path("programmes/<int:pk>/questions/add/", assessment_bank.question_add, name="question_add"),
    path("questions/<int:pk>/edit/", assessment_bank.question_edit, name="question_edit"),
    path("programmes/<int:pk>/questions/import/", assessment_bank.gift_import, name="gift_import"),
    path("programmes/<int:pk>/questions.gift", assessment_bank.export_gift, name="export_gift"),
    path("programmes/<int:pk>/questions.xml", assessment_bank.export_xml, name="export_xml"),
    path("programmes/<int:pk>/tests/add/", assessment_bank.test_add, name="test_add"),
    path("tests/<int:pk>/edit/", assessment_bank.test_edit, name="test_edit"),
    path("tests/<int:pk>/statistics/", assessment_bank.test_statistics, name="test_statistics"),
    path("programmes/<int:pk>/assignments/add/", assignments.assignment_add, name="assignment_add"),
    path("assignments/<int:pk>/edit/", assignments.assignment_edit, name="assignment_edit"),
    # end assessment
]

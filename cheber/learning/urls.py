from django.urls import path

from cheber.learning.views import assessment, assessment_bank, assignments, content, progress, study

app_name = "learning"
urlpatterns = [
    # authoring (views/content.py)
    path("programmes/<int:pk>/content/", content.content, name="content"),
    path("programmes/<int:pk>/content/draft/", content.start_draft, name="start_draft"),
    path("versions/<int:pk>/", content.version_detail, name="version_detail"),
    path("versions/<int:pk>/submit/", content.submit_version, name="submit_version"),
    path("versions/<int:pk>/approve/", content.approve_version, name="approve_version"),
    path(
        "versions/<int:pk>/approve-with-programme/",
        content.approve_with_programme,
        name="approve_with_programme",
    ),
    path("versions/<int:pk>/return/", content.return_version, name="return_version"),
    path("versions/<int:pk>/lessons/new/", content.lesson_create, name="lesson_create"),
    path("lessons/<int:pk>/edit/", content.lesson_edit, name="lesson_edit"),
    path("lessons/<int:pk>/preview/", content.lesson_preview, name="lesson_preview"),
    path("lessons/<int:pk>/delete/", content.lesson_delete, name="lesson_delete"),
    path("lessons/<int:pk>/move/", content.lesson_move, name="lesson_move"),
    path("lessons/<int:pk>/materials/", content.material_add, name="material_add"),
    path("materials/<int:pk>/", content.material_file, name="material_file"),
    path("materials/<int:pk>/remove/", content.material_remove, name="material_remove"),
    # the learner (views/study.py)
    path("", study.online_courses, name="online_courses"),
    path("sessions/<int:pk>/enrol/", study.enrol, name="enrol"),
    path("courses/<int:pk>/", study.course, name="course"),
    path("courses/<int:pk>/start/", study.start, name="start"),
    path("courses/<int:pk>/lessons/<int:lesson_pk>/", study.lesson, name="lesson"),
    path("courses/<int:pk>/lessons/<int:lesson_pk>/seen/", study.seen, name="seen"),
    path("courses/<int:pk>/offline.json", study.offline_manifest, name="offline_manifest"),
    # the provider (views/progress.py)
    path("sessions/<int:pk>/progress/", progress.session_progress, name="session_progress"),
    path("courses/<int:pk>/remind/", progress.remind, name="remind"),
    path("sessions/<int:pk>/complete/", progress.complete, name="complete_blended"),
    path("sessions/<int:pk>/terms/", progress.terms, name="online_terms"),
    # assessment: the learner (views/assessment.py, views/assignments.py)
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
]

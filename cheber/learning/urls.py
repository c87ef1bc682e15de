from django.urls import path

from cheber.learning.views import content, progress, study

app_name = "learning"
urlpatterns = [
    # authoring (views/content.py)
    path("programmes/<int:pk>/content/", content.content, name="content"),
    path("programmes/<int:pk>/content/draft/", content.start_draft, name="start_draft"),
    path("versions/<int:pk>/", content.version_detail, name="version_detail"),
    path("versions/<int:pk>/submit/", content.submit_version, name="submit_version"),
    path("versions/<int:pk>/approve/", content.approve_version, name="approve_version"),
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
    # assessment: the tests, attempts, question banks and assignments add their routes here
    # (views/assessment.py)
    # end of assessment
]

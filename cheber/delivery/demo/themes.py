"""The demo catalogue's themes: titles and descriptions in Kyrgyz, Russian and English, after
the seed documents (STEAM, PISA and functional literacy, 21st-century skills, ICT, inclusion,
multilingual education, mentoring, attestation, upbringing, preschool). The Kyrgyz titles of
school courses are those of the registry's history (cheber.registry.demo.themes), so a
completed session reads like the records around it.
"""

from dataclasses import dataclass

Text = tuple[str, str, str]  # ky, ru, en

SCHOOL_SUBJECTS = (
    "primary_teacher", "kyrgyz_language", "russian_language", "uzbek_language",
    "english_language", "mathematics", "physics", "chemistry", "biology", "geography",
    "history", "man_and_society", "informatics", "technology", "natural_science",
    "physical_education", "fine_arts", "music", "manas_studies",
)  # fmt: skip
PRESCHOOL = (
    "preschool_educator", "preschool_methodist", "preschool_head", "preschool_music_director",
    "preschool_physical_instructor",
)  # fmt: skip
STEAM = ("mathematics", "physics", "chemistry", "biology", "informatics", "technology",
         "natural_science", "geography")  # fmt: skip
LANGUAGES = ("primary_teacher", "kyrgyz_language", "russian_language", "uzbek_language",
             "english_language", "tajik_language")  # fmt: skip
INCLUSIVE = ("primary_teacher", "special_education", "psychologist", "speech_therapist",
             "social_pedagogue", "preschool_educator")  # fmt: skip
UPBRINGING = ("physical_education", "deputy_principal_upbringing", "teacher_organizer",
              "social_pedagogue", "primary_teacher", "ethics", "military_training")  # fmt: skip
LEADERS = ("principal", "deputy_principal_teaching", "deputy_principal_upbringing")


@dataclass(frozen=True)
class ThemeText:
    theme: str  # a catalog Theme code
    title: Text
    description: Text
    specializations: tuple[str, ...]
    method: Text  # the title of the theme's own module


THEMES = (
    ThemeText(
        "steam",
        ("STEAM-мамиле: табигый-математикалык сабактарды интеграциялап окутуу",
         "STEAM-подход: интегрированное обучение естественно-математическим предметам",
         "The STEAM approach: teaching science and mathematics together"),
        ("Долбоорлор, эксперименттер жана инженердик тапшырмалар аркылуу предметтерди "
         "байланыштырып окутуу.",
         "Обучение через проекты, эксперименты и инженерные задачи на стыке предметов.",
         "Teaching through projects, experiments and engineering tasks across subjects."),
        STEAM,
        ("STEAM-долбоорлорду пландаштыруу", "Планирование STEAM-проектов",
         "Planning STEAM projects"),
    ),
    ThemeText(
        "pisa",
        ("PISA жана функционалдык сабаттуулук: окуучулардын окуу, математикалык жана "
         "табигый-илимий сабаттуулугун өнүктүрүү",
         "PISA и функциональная грамотность: развитие читательской, математической и "
         "естественнонаучной грамотности учащихся",
         "PISA and functional literacy: reading, mathematical and scientific literacy"),
        ("PISA тибиндеги тапшырмалар, окуучулардын сабаттуулугун баалоо жана өнүктүрүү.",
         "Задания в формате PISA, оценка и развитие грамотности учащихся.",
         "PISA-style tasks; assessing and developing pupils' literacy."),
        ("primary_teacher", "kyrgyz_language", "russian_language", "mathematics",
         "natural_science", "biology", "physics", "chemistry", "geography"),
        ("PISA тибиндеги тапшырмаларды түзүү", "Составление заданий в формате PISA",
         "Writing PISA-style tasks"),
    ),
    ThemeText(
        "skills_21",
        ("21-кылымдын көндүмдөрү жана глобалдык компетенциялар",
         "Навыки XXI века и глобальные компетенции",
         "21st-century skills and global competences"),
        ("Сынчыл ой жүгүртүү, кызматташуу, коммуникация жана чыгармачылык сабакта.",
         "Критическое мышление, сотрудничество, коммуникация и креативность на уроке.",
         "Critical thinking, collaboration, communication and creativity in the lesson."),
        SCHOOL_SUBJECTS,
        ("Сынчыл ой жүгүртүүнү өнүктүрүү ыкмалары", "Приёмы развития критического мышления",
         "Developing critical thinking"),
    ),
    ThemeText(
        "ict",
        ("Мугалимдин маалыматтык-коммуникациялык компетенттүүлүгү",
         "Информационно-коммуникационная компетентность учителя",
         "The teacher's ICT competence"),
        ("Санариптик ресурстар, онлайн сабак жана электрондук журнал менен иштөө.",
         "Цифровые ресурсы, онлайн-урок и работа с электронным журналом.",
         "Digital resources, online lessons and the electronic register."),
        SCHOOL_SUBJECTS,
        ("Санариптик билим берүү ресурстары", "Цифровые образовательные ресурсы",
         "Digital learning resources"),
    ),
    ThemeText(
        "inclusive",
        ("Инклюзивдик билим берүү: ден соолугунун мүмкүнчүлүгү чектелген балдарды окутуу",
         "Инклюзивное образование: обучение детей с ограниченными возможностями здоровья",
         "Inclusive education: teaching children with disabilities"),
        ("Жеке окуу планы, окутууну ыңгайлаштыруу жана ата-энелер менен иштөө.",
         "Индивидуальный учебный план, адаптация обучения, работа с родителями.",
         "Individual learning plans, adapted teaching and work with parents."),
        INCLUSIVE,
        ("Жеке окуу планын түзүү", "Составление индивидуального учебного плана",
         "Writing an individual learning plan"),
    ),
    ThemeText(
        "multilingual",
        ("Көп тилдүү билим берүү: предметти жана тилди интеграциялап окутуу",
         "Многоязычное образование: интегрированное обучение предмету и языку",
         "Multilingual education: content and language integrated learning"),
        ("Эне тилине негизделген көп тилдүү окутуу жана CLIL ыкмалары.",
         "Многоязычное обучение на основе родного языка и методы CLIL.",
         "Mother-tongue-based multilingual teaching and CLIL methods."),
        LANGUAGES,
        ("CLIL ыкмалары", "Методы CLIL", "CLIL methods"),
    ),
    ThemeText(
        "mentoring",
        ("Насаатчылык: жаш мугалимдерди методикалык колдоо",
         "Наставничество: методическая поддержка молодых учителей",
         "Mentoring: supporting new teachers"),
        ("Насаатчынын ролу, сабакка байкоо жүргүзүү жана кайтарым байланыш.",
         "Роль наставника, наблюдение уроков и обратная связь.",
         "The mentor's role, lesson observation and feedback."),
        SCHOOL_SUBJECTS,
        ("Сабакка байкоо жана кайтарым байланыш", "Наблюдение урока и обратная связь",
         "Lesson observation and feedback"),
    ),
    ThemeText(
        "attestation",
        ("Педагогикалык кызматкерлерди аттестациялоого даярдоо",
         "Подготовка педагогических работников к аттестации",
         "Preparing for the attestation of pedagogical workers"),
        ("Аттестациянын тартиби, портфолио жана кесиптик тест.",
         "Порядок аттестации, портфолио и профессиональный тест.",
         "The attestation procedure, the portfolio and the professional test."),
        SCHOOL_SUBJECTS + LEADERS,
        ("Портфолио даярдоо", "Подготовка портфолио", "Preparing the portfolio"),
    ),
    ThemeText(
        "upbringing",
        ("Адеп-ахлактык жана дене тарбия: мектептеги тарбия иштери",
         "Нравственное и физическое воспитание: воспитательная работа в школе",
         "Moral and physical upbringing: educational work at school"),
        ("Класстан тышкаркы иштер, ден соолукту сактоо жана адеп сабагы.",
         "Внеклассная работа, здоровьесбережение и уроки этики.",
         "Extracurricular work, health and ethics lessons."),
        UPBRINGING,
        ("Тарбия иштерин пландаштыруу", "Планирование воспитательной работы",
         "Planning educational work"),
    ),
    ThemeText(
        "preschool",
        ("Мектепке чейинки билим берүүнүн «Наристе» базалык программасы боюнча иштөө",
         "Работа по базовой программе дошкольного образования «Наристе»",
         "Working with the Nariste preschool programme"),
        ("Оюн аркылуу өнүктүрүү, балдардын өнүгүүсүн баалоо, мектепке даярдоо.",
         "Развитие через игру, оценка развития детей, подготовка к школе.",
         "Learning through play, assessing children's development, readiness for school."),
        PRESCHOOL,
        ("Оюн борборлорун уюштуруу", "Организация игровых центров",
         "Organising play centres"),
    ),
)  # fmt: skip

# The frame every 72-hour course shares; the theme's own module goes second.
OPENING: Text = (
    "Нормативдик-укуктук негиздер жана негизги түшүнүктөр",
    "Нормативно-правовые основы и ключевые понятия",
    "Regulations and key concepts",
)
PRACTICE: Text = ("Практикум: сабакты иштеп чыгуу жана өткөрүү",
                  "Практикум: разработка и проведение урока",
                  "Practicum: designing and teaching a lesson")  # fmt: skip
CLOSING: Text = ("Жыйынтыктоочу баалоого даярдоо", "Подготовка к итоговой аттестации",
                 "Preparing the final assessment")  # fmt: skip

SUBJECT_DESCRIPTION: Text = (
    "Жаңы предметтик стандарт, окуу программасы жана сабактын методикасы.",
    "Новый предметный стандарт, учебная программа и методика урока.",
    "The new subject standard, the syllabus and lesson methods.",
)
AUGUST: ThemeText = ThemeText(
    "skills_21",
    ("Август кеңешмеси: жаңы окуу жылына методикалык даярдык",
     "Августовская конференция: методическая подготовка к новому учебному году",
     "August conference: getting ready for the new school year"),
    ("Райондордо өтүүчү секциялар: жаңы окуу пландары жана окуу китептери.",
     "Секции в районах: новые учебные планы и учебники.",
     "Sections in every district: new curricula and textbooks."),
    SCHOOL_SUBJECTS + PRESCHOOL,
    ("Секциялык иштер", "Работа секций", "Sections"),
)  # fmt: skip
RETRAINING: tuple[tuple[Text, tuple[str, ...]], ...] = (
    (("Кайра даярдоо: информатика мугалими", "Переподготовка: учитель информатики",
      "Retraining: informatics teacher"), ("informatics", "mathematics", "physics")),
    (("Кайра даярдоо: инклюзивдик билим берүү боюнча адис",
      "Переподготовка: специалист инклюзивного образования",
      "Retraining: inclusive education specialist"), INCLUSIVE),
)  # fmt: skip


def subject_titles(name_ky: str, name_ru: str, name_en: str) -> Text:
    """The methodology course of one subject, titled like the registry's history."""
    teachers = name_ky.removesuffix(" мугалими") + " мугалимдеринин"
    return (
        f"{teachers} кесиптик компетенттүүлүгүн өнүктүрүү: жаңы предметтик стандарт",
        f"Профессиональная компетентность ({name_ru.lower()}): новый предметный стандарт",
        f"Professional competence of the {name_en.lower()}: the new subject standard",
    )

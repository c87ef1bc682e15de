"""The demo's online and blended programmes: titles, modules and lessons in Kyrgyz and Russian;
and their assessment.

Lesson texts are built from each lesson's title and a few shared paragraphs (what to learn, a
task for the classroom, a question to reflect on), so that every lesson reads like one without
this module growing into a textbook.

The assessment: a 44-question bank in Kyrgyz on teaching methods, assessment and digital
tools, a pre-test and a post-test of the same blueprint, a test per module, a final test and a
project for a programme (`seed_assessment`).

The learners: each at a stage of the course (`Stage`, `stage_of`), which says how many lessons
they have seen, which tests they sat and how well they knew the answers (`sittings`,
`answering`) and where their project is. Everything through the actions, so the demo holds
what the pages make.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from typing import Any

from cheber.learning import questions as q
from cheber.learning.actions import assessment as actions
from cheber.learning.actions.assignments import save_assignment
from cheber.learning.models import Test


@dataclass(frozen=True)
class Course:
    code: str
    provider: str
    form: str
    theme: str
    title: tuple[str, str]
    modules: tuple[tuple[tuple[str, str], tuple[tuple[str, str], ...]], ...]
    oer: tuple[str, str, str]  # title, address, licence


COURSES = (
    Course("LRN-ICT", "RIPK", "online", "ict",
           ("Мугалимдин санариптик компетенттүүлүгү", "Цифровая компетентность учителя"), (
        (("Санариптик сабаттуулуктун негиздери", "Основы цифровой грамотности"), (
            ("Санариптик сабаттуулук деген эмне", "Что такое цифровая грамотность"),
            ("Интернетте коопсуздук жана сырсөздөр", "Безопасность в интернете и пароли"),
            ("Маалыматтын ишенимдүүлүгүн текшерүү", "Проверка достоверности информации"),
        )),
        (("Сабакта санариптик куралдар", "Цифровые инструменты на уроке"), (
            ("Онлайн тесттер жана сурамжылоолор", "Онлайн-тесты и опросы"),
            ("Презентация жана визуализация", "Презентация и визуализация"),
            ("Интернет начар болгондо иштөө", "Работа при слабом интернете"),
        )),
    ), ("Open Educational Resources: UNESCO ICT CFT", "https://unesdoc.unesco.org/ark:/48223/pf0000265721",
        "CC BY-SA 3.0 IGO")),
    Course("LRN-ACTIVE", "KAE-CPK", "blended", "skills_21",
           ("Активдүү окутуу ыкмалары", "Методы активного обучения"), (
        (("Активдүү окутуунун принциптери", "Принципы активного обучения"), (
            ("Окуучу окуу процессинин борборунда", "Ученик в центре учебного процесса"),
            ("Топтук иштин формалары", "Формы групповой работы"),
            ("Суроо берүү техникасы", "Техника постановки вопросов"),
        )),
        (("Ыкмалар практикада", "Методы на практике"), (
            ("«Джигсо» жана «Карусель»", "«Джигсо» и «Карусель»"),
            ("Долбоордук окутуу", "Проектное обучение"),
            ("Рефлексия сабактын аягында", "Рефлексия в конце урока"),
        )),
    ), ("OER Commons: Active Learning", "https://oercommons.org/curated-collections/active-learning",
        "CC BY 4.0")),
    Course("LRN-ASSESS", "OSH-IE", "online", "attestation",
           ("Окуу натыйжаларын баалоо", "Оценивание результатов обучения"), (
        (("Калыптандыруучу баалоо", "Формативное оценивание"), (
            ("Баалоонун максаттары жана түрлөрү", "Цели и виды оценивания"),
            ("Баалоо критерийлери жана дескрипторлор", "Критерии и дескрипторы оценивания"),
            ("Кайтарым байланыш", "Обратная связь"),
        )),
        (("Жыйынтыктоочу баалоо", "Суммативное оценивание"), (
            ("Тест түзүүнүн эрежелери", "Правила составления тестов"),
            ("Рубрикалар", "Рубрики"),
            ("Натыйжаларды талдоо", "Анализ результатов"),
        )),
    ), ("Assessment for Learning (OECD)",
        "https://www.oecd.org/education/ceri/assessmentforlearning.htm", "© OECD, free to read")),
    Course("LRN-STEAM", "IK-IE", "blended", "steam",
           ("STEAM-билим берүү мектепте", "STEAM-образование в школе"), (
        (("STEAM ыкмасы", "Подход STEAM"), (
            ("Илим, технология, инженерия, искусство, математика",
             "Наука, технологии, инженерия, искусство, математика"),
            ("Предметтер аралык байланыштар", "Межпредметные связи"),
            ("Изилдөө аркылуу окутуу", "Обучение через исследование"),
        )),
        (("STEAM долбоорлору", "STEAM-проекты"), (
            ("Айылдагы мектепте жөнөкөй тажрыйбалар", "Простые опыты в сельской школе"),
            ("Инженердик дизайн процесси", "Процесс инженерного дизайна"),
            ("Долбоорду баалоо", "Оценка проекта"),
        )),
    ), ("PhET Interactive Simulations", "https://phet.colorado.edu/", "CC BY 4.0")),
    Course("LRN-PISA", "NRN-MC", "online", "pisa",
           ("PISA үчүн функционалдык сабаттуулук", "Функциональная грамотность для PISA"), (
        (("Окуу сабаттуулугу", "Читательская грамотность"), (
            ("PISA эмнени баалайт", "Что оценивает PISA"),
            ("Текстти түшүнүү стратегиялары", "Стратегии понимания текста"),
            ("Үзгүлтүксүз эмес тексттер", "Несплошные тексты"),
        )),
        (("Математикалык жана табигый-илимий сабаттуулук",
          "Математическая и естественнонаучная грамотность"), (
            ("Турмуштук контексттеги маселелер", "Задачи в жизненном контексте"),
            ("Илимий далилдерди түшүндүрүү", "Объяснение научных данных"),
            ("PISA тибиндеги тапшырмаларды түзүү", "Составление заданий в формате PISA"),
        )),
    ), ("OECD PISA released items", "https://www.oecd.org/pisa/pisaproducts/",
        "© OECD, free to read")),
    Course("LRN-INCL", "JA-MC", "online", "inclusive",
           ("Инклюзивдик билим берүү", "Инклюзивное образование"), (
        (("Инклюзиянын негиздери", "Основы инклюзии"), (
            ("Ар бир бала окууга укуктуу", "Каждый ребёнок имеет право учиться"),
            ("Өзгөчө билим берүү муктаждыктары", "Особые образовательные потребности"),
            ("Ата-энелер менен кызматташуу", "Сотрудничество с родителями"),
        )),
        (("Инклюзивдик класс", "Инклюзивный класс"), (
            ("Окутууну ылайыкташтыруу", "Адаптация обучения"),
            ("Жеке билим берүү планы", "Индивидуальный образовательный план"),
            ("Колдоочу чөйрө түзүү", "Создание поддерживающей среды"),
        )),
    ), ("UNESCO: A guide for ensuring inclusion and equity in education",
        "https://unesdoc.unesco.org/ark:/48223/pf0000248254", "CC BY-SA 3.0 IGO")),
)  # fmt: skip


def lesson_body(title: str, module: str, course: str, language: str) -> str:
    """A lesson's Markdown text in Kyrgyz ("ky") or Russian ("ru")."""
    if language == "ky":
        return (
            f"Бул сабак «{course}» курсунун «{module}» модулуна кирет. "
            "Сабакты 15–20 мүнөттө окуп, тапшырманы өз классыңызда аткарып көрүңүз.\n\n"
            "## Сабактын максаттары\n\n"
            f"- «{title}» темасынын негизги түшүнүктөрүн билүү;\n"
            "- өз сабагыңызда колдонуунун бир-эки жолун тандоо;\n"
            "- кесиптештериңиз менен тажрыйба алмашуу.\n\n"
            "## Практикалык тапшырма\n\n"
            "Кийинки сабагыңыздын планына ушул темадагы бир ыкманы кошуңуз. "
            "Эмне иштеди, эмне иштебеди — кыскача жазып алыңыз.\n\n"
            "> **Ой жүгүртүү үчүн суроо:** окуучуларыңыз үчүн эмне өзгөрдү?\n"
        )
    return (
        f"Этот урок входит в модуль «{module}» курса «{course}». "
        "Прочитайте его за 15–20 минут и попробуйте выполнить задание в своём классе.\n\n"
        "## Цели урока\n\n"
        f"- знать основные понятия темы «{title}»;\n"
        "- выбрать один-два способа применить их на своём уроке;\n"
        "- обменяться опытом с коллегами.\n\n"
        "## Практическое задание\n\n"
        "Включите один приём по этой теме в план следующего урока. "
        "Коротко запишите, что получилось, а что нет.\n\n"
        "> **Вопрос для размышления:** что изменилось для ваших учеников?\n"
    )


# Assessment -------------------------------------------------------------------------------------
ONE, ZERO = q.ONE, q.ZERO
BLOOM = ["Эстеп калуу", "Түшүнүү", "Колдонуу", "Талдоо", "Баалоо", "Жаратуу"]
METHODS = [
    ("Джигсо", "ар бир топ мүчөсү бир бөлүктү үйрөнүп, башкаларга түшүндүрөт"),
    ("Кластер", "түшүнүктүн байланыштарын схема менен көрсөтөт"),
    ("Инсерт", "текстти белгилер менен окуп, маалыматты иреттейт"),
    ("Венн диаграммасы", "эки түшүнүктүн окшоштугун жана айырмасын салыштырат"),
    ("Синквейн", "темага беш саптан турган кыска ыр жазат"),
    ("Мээ чабуулу", "сынга албай туруп көп идеяны тез чогултат"),
]
TOOLS = [
    ("Google Forms", "онлайн сурамжылоо же тест түзүү"),
    ("Padlet", "окуучулардын идеяларын бир жалпы тактага чогултуу"),
    ("Kahoot", "класста оюн түрүндөгү викторина өткөрүү"),
    ("Zoom", "онлайн сабакты видео байланыш аркылуу өткөрүү"),
    ("Canva", "плакат жана презентациянын дизайнын жасоо"),
    ("Quizlet", "сөздөрдү карточкалар менен жаттоо"),
    ("Moodle", "курсту, тесттерди жана тапшырмаларды бир системада жүргүзүү"),
]
ASSESSMENT_FACTS = [
    ("Калыптандыруучу баалоо окуу процессинин жүрүшүндө жүргүзүлөт.", True),
    ("Суммативдүү баалоо бөлүмдүн же курстун аягында жыйынтык чыгарат.", True),
    ("Дескрипторлор критерийдин аткарылышын кадам менен сүрөттөйт.", True),
    ("Рубрика ар бир критерийдин деңгээлдерин жана упайларын көрсөтөт.", True),
    ("Калыптандыруучу баалоодо сөзсүз түрдө журналга баа коюлат.", False),
    ("Өз ара баалоодо окуучулар бири-биринин ишин критерийлер менен баалашат.", True),
    ("Кайтарым байланыш жалпы болсо («жакшы») эң натыйжалуу болот.", False),
    ("Тесттин бир суроосунда бир нече туура жооп болушу мүмкүн эмес.", False),
]
METHOD_FACTS = [
    ("«Мээ чабуулунда» идеялар айтылган замат талкууланып, сынга алынат.", False),
    ("«Джигсо» ыкмасында окуучулар «эксперттик» топтордо иштешет.", True),
    ("Синквейн беш саптан турат.", True),
    ("Кластер сызыктуу текст катары гана жазылат.", False),
    ("Топтук иште ар бир окуучунун ролу алдын ала аныкталганы жакшы.", True),
    ("Рефлексия сабактын аягында гана өткөрүлөт.", False),
    ("Активдүү окутууда мугалим көбүнчө уюштуруучу жана багыттоочу болот.", True),
    ("Ачык суроолор окуучулардын ой жүгүртүүсүн өнүктүрөт.", True),
]


def bank() -> list[q.Question]:
    """The demo bank: 44 questions in four categories."""
    return _concepts() + _methods() + _assessment() + _tools()


def _single(name: str, text: str, right: str, wrong: list[str], category: str) -> q.Question:
    choices = (q.Choice(right, ONE),) + tuple(q.Choice(w, ZERO) for w in wrong)
    return q.Question(q.Kind.SINGLE, name, text, category=category, choices=choices)


def _concepts() -> list[q.Question]:
    category = "Негизги түшүнүктөр"
    result = [
        q.Question(
            q.Kind.NUMERIC,
            f"Блум {n}",
            f"Блумдун таксономиясында «{level}» канчанчы деңгээл?",
            category=category,
            numeric=(q.NumericAnswer(Decimal(n), ZERO, ONE),),
        )  # fmt: skip
        for n, level in enumerate(BLOOM, 1)
    ]
    result.append(_single("Блум: эң жогорку", "Блумдун жаңыланган таксономиясында эң жогорку "
                          "деңгээл кайсы?", "Жаратуу", ["Эстеп калуу", "Талдоо", "Колдонуу"],
                          category))  # fmt: skip
    result.append(
        _single(
            "Блум: эң төмөнкү",
            "Блумдун таксономиясында эң төмөнкү деңгээл кайсы?",
            "Эстеп калуу",
            ["Түшүнүү", "Баалоо", "Жаратуу"],
            category,
        )
    )
    result.append(q.Question(
        q.Kind.MULTIPLE, "Жогорку деңгээлдер", "Блумдун таксономиясынын жогорку деңгээлдерин "
        "белгилеңиз.", category=category, choices=(
            q.Choice("Талдоо", Decimal("0.33333")), q.Choice("Баалоо", Decimal("0.33333")),
            q.Choice("Жаратуу", Decimal("0.33334")), q.Choice("Эстеп калуу", ZERO),
            q.Choice("Түшүнүү", ZERO)),
    ))  # fmt: skip
    result.append(q.Question(
        q.Kind.ORDERING, "Блум: иреттөө", "Блумдун таксономиясынын деңгээлдерин төмөнкүдөн "
        "жогоркуга карай иреттеңиз.", category=category, items=tuple(BLOOM[:4]),
    ))  # fmt: skip
    result.append(q.Question(
        q.Kind.SHORT, "ЖОЖ", "«Жакын онугуу зонасы» түшүнүгүн киргизген психологдун фамилиясы?",
        category=category, accepted=(q.ShortAnswer("Выготский", ONE),
                                     q.ShortAnswer("Выготс*", ONE)),
    ))  # fmt: skip
    return result


def _methods() -> list[q.Question]:
    category = "Ыкмалар"
    names = [name for name, _what in METHODS]
    result = [
        _single(f"Ыкма: {name}", f"Кайсы ыкмада окуучу {what}?", name,
                [n for n in names if n != name][:3], category)
        for name, what in METHODS
    ]  # fmt: skip
    result += [
        q.true_false(f"Ыкмалар: {n}", text, answer, category=category)
        for n, (text, answer) in enumerate(METHOD_FACTS, 1)
    ]
    result.append(q.Question(
        q.Kind.MATCHING, "Ыкмалар: дал келтирүү", "Ыкманы анын максаты менен дал келтириңиз.",
        category=category, pairs=tuple(q.Pair(name, what) for name, what in METHODS[:4]),
    ))  # fmt: skip
    return result


def _assessment() -> list[q.Question]:
    category = "Баалоо"
    result = [
        q.true_false(f"Баалоо: {n}", text, answer, category=category)
        for n, (text, answer) in enumerate(ASSESSMENT_FACTS, 1)
    ]
    result.append(q.Question(
        q.Kind.SHORT, "Рубрика", "Критерийлерди жана алардын деңгээлдерин упайлар менен "
        "көрсөткөн баалоо таблицасы эмне деп аталат?", category=category,
        accepted=(q.ShortAnswer("рубрика", ONE),),
    ))  # fmt: skip
    result.append(q.Question(
        q.Kind.MULTIPLE, "Баалоонун түрлөрү", "Калыптандыруучу баалоонун ыкмаларын белгилеңиз.",
        category=category, choices=(
            q.Choice("Чыгуу билети", Decimal("0.5")), q.Choice("Светофор", Decimal("0.5")),
            q.Choice("Чейректик текшерүү иши", ZERO), q.Choice("Жылдык экзамен", ZERO)),
    ))  # fmt: skip
    return result


def _tools() -> list[q.Question]:
    category = "Санариптик куралдар"
    names = [name for name, _what in TOOLS]
    result = [
        _single(f"Курал: {name}", f"Кайсы курал {what} үчүн ылайыктуу?", name,
                [n for n in names if n != name][:3], category)
        for name, what in TOOLS
    ]  # fmt: skip
    result.append(q.Question(
        q.Kind.MULTIPLE, "Онлайн тест", "Онлайн тест түзүүгө кайсы куралдар ылайыктуу?",
        category=category, choices=(
            q.Choice("Google Forms", Decimal("0.5")), q.Choice("Moodle", Decimal("0.5")),
            q.Choice("Canva", ZERO), q.Choice("Zoom", ZERO)),
    ))  # fmt: skip
    return result


CATEGORIES = ["Негизги түшүнүктөр", "Ыкмалар", "Баалоо", "Санариптик куралдар"]
MODULE_CATEGORIES = (CATEGORIES[:2], CATEGORIES[2:])  # what each module's test draws from


def seed_assessment(programme, *, actor: Any) -> dict[str, int]:
    """The bank, the pre-, post-, module and final tests and a project of a programme (once)."""
    if programme.questions.exists():
        return {"questions": 0, "tests": 0}
    for question in bank():
        actions.add_question(actor=actor, programme=programme, question=question)
    rule = {"shuffle": True, "is_open": True, "feedback": Test.Feedback.IMMEDIATE}
    pre = actions.save_test(
        actor=actor, programme=programme, draws=[(c, 2) for c in CATEGORIES],
        values=rule | {"purpose": "pre", "title": "Алгачкы тест", "attempts_allowed": 1,
                       "passing_percent": 0, "time_limit": 20},
    )  # fmt: skip
    actions.save_test(
        actor=actor, programme=programme, draws=[],
        values=rule | {"purpose": "post", "title": "Акыркы тест", "attempts_allowed": 1,
                       "passing_percent": 0, "time_limit": 20, "same_blueprint_as": pre},
    )  # fmt: skip
    modules = list(programme.modules.order_by("order"))
    for module, categories in zip(modules, MODULE_CATEGORIES, strict=False):
        actions.save_test(
            actor=actor, programme=programme, draws=[(c, 3) for c in categories],
            values=rule | {"purpose": "module", "module": module, "attempts_allowed": 3,
                           "title": f"{module.order}-модулдун тести", "passing_percent": 60,
                           "time_limit": 20},
        )  # fmt: skip
    actions.save_test(
        actor=actor, programme=programme, draws=[(c, 3) for c in CATEGORIES],
        values=rule | {"purpose": "final", "title": "Жыйынтыктоочу тест", "attempts_allowed": 2,
                       "passing_percent": 60, "time_limit": 40},
    )  # fmt: skip
    save_assignment(
        actor=actor, programme=programme,
        values={"kind": "project", "title": "Сабактын долбоору", "passing_points": 6,
                "instructions": "Курстун ыкмаларын колдонгон бир сабактын планын жүктөңүз."},
        criteria=[("Максаттар жана күтүлгөн натыйжалар", 3), ("Активдүү ыкмалар", 4),
                  ("Баалоо жана рефлексия", 3)],
    )  # fmt: skip
    tests = 3 + min(len(modules), len(MODULE_CATEGORIES))
    return {"questions": len(bank()), "tests": tests}


# The learners -----------------------------------------------------------------------------------


class Stage(IntEnum):
    """How far a demo learner has got, in the order of the course."""

    ENROLLED = 0  # enrolled, nothing opened yet
    READING = 1  # the pre-test taken, a lesson or two of the first module seen
    MODULE = 2  # the first module read and its test taken (passed or not)
    LESSONS = 3  # every lesson seen, the module tests passed, the final test taken (or failed)
    SUBMITTED = 4  # the final test passed, the post-test taken, the project handed in
    REWORK = 5  # the project graded as not passing yet
    COMPLETED = 6  # the project passed: completed (online), the online part done (blended)


WEIGHTS = (15, 15, 15, 10, 10, 5, 30)  # per cent of the learners at each stage


def stage_of(n: int, rng: random.Random) -> Stage:
    """The n-th learner's stage: the first seven one of each, from the end of the course (so
    that a small demo shows every stage), the others at random by WEIGHTS."""
    if n < len(Stage):
        return Stage(len(Stage) - 1 - n)
    return rng.choices(list(Stage), weights=WEIGHTS)[0]


def lessons_to_see(stage: Stage, per_module: list[int], rng: random.Random) -> int:
    """How many lessons, in order, a learner at the stage has seen."""
    if stage == Stage.ENROLLED:
        return 0
    if stage == Stage.READING:
        return rng.randint(1, max(1, per_module[0] - 1))
    if stage == Stage.MODULE:
        return per_module[0]
    return sum(per_module)


@dataclass(frozen=True)
class Sitting:
    """A test a learner sits, how likely each of their answers is right, and whether they
    take it again (knowing every answer now) when it fails."""

    test: Test
    skill: float
    must_pass: bool = False


def sittings(stage: Stage, tests: dict[str, Any], rng: random.Random) -> list[Sitting]:
    """The tests of a learner at the stage, in the order they sat them. `tests`: "pre",
    "post", "final" and "modules" (a list in the modules' order), as `course_tests` gives."""
    modules = tests["modules"]
    result = []
    if stage >= Stage.READING and tests["pre"]:
        result.append(Sitting(tests["pre"], rng.uniform(0.3, 0.6)))
    if stage == Stage.MODULE and modules:
        result.append(Sitting(modules[0], rng.uniform(0.3, 1.0)))
    if stage >= Stage.LESSONS:
        result += [Sitting(test, rng.uniform(0.4, 1.0), must_pass=True) for test in modules]
    if stage == Stage.LESSONS and tests["final"]:
        result.append(Sitting(tests["final"], rng.uniform(0.3, 0.95)))
    if stage >= Stage.SUBMITTED:
        if tests["final"]:
            result.append(Sitting(tests["final"], rng.uniform(0.5, 1.0), must_pass=True))
        if tests["post"]:
            result.append(Sitting(tests["post"], rng.uniform(0.7, 1.0)))
    return result


def course_tests(programme) -> dict[str, Any]:
    """The programme's open tests by purpose; "modules" in the modules' order."""
    tests = list(Test.objects.open().filter(programme=programme).select_related("module"))
    by_purpose = {t.purpose: t for t in tests if t.purpose != Test.Purpose.MODULE}
    modules = sorted((t for t in tests if t.module_id), key=lambda t: t.module.order)
    return {"pre": by_purpose.get("pre"), "post": by_purpose.get("post"),
            "final": by_purpose.get("final"), "modules": modules}  # fmt: skip


def answering(skill: float, rng: random.Random) -> Callable[[q.Question, dict], dict | None]:
    """A learner's way of answering: right with the likelihood `skill`; else mostly wrong,
    sometimes left blank."""

    def respond(question: q.Question, state: dict) -> dict | None:
        roll = rng.random()
        if roll < skill:
            return full_marks(question, state)
        if roll < skill + (1 - skill) * 0.8:
            return wrong_answer(question, state)
        return None

    return respond


def right_response(question_attempt) -> dict:
    """The response that scores full marks for a slot of an attempt."""
    return full_marks(q.Question.from_json(question_attempt.version.body), question_attempt.state)


def full_marks(question: q.Question, state: dict) -> dict:
    """The response that scores full marks, read from the question and its random state."""
    kind = question.kind
    if kind in (q.Kind.SINGLE, q.Kind.TRUE_FALSE):
        right = next(i for i, c in enumerate(question.choices) if c.fraction == ONE)
        return {"choice": state["order"].index(right)}
    if kind == q.Kind.MULTIPLE:
        return {"choices": [p for p, i in enumerate(state["order"])
                            if question.choices[i].fraction > 0]}  # fmt: skip
    if kind == q.Kind.MATCHING:
        texts = list(dict.fromkeys(p.answer for p in question.pairs))
        order = state["answers"]
        return {"matches": [order.index(texts.index(question.pairs[p].answer))
                            for p in state["prompts"]]}  # fmt: skip
    if kind == q.Kind.ORDERING:
        return {"order": [state["order"].index(i) for i in range(len(question.items))]}
    if kind == q.Kind.NUMERIC:
        return {"answer": q.plain_number(question.numeric[0].value)}
    if kind == q.Kind.SHORT:
        return {"answer": question.accepted[0].text}
    return {}


def wrong_answer(question: q.Question, state: dict) -> dict:
    """A plausible wrong response: another option, the items as shown, a near number."""
    kind = question.kind
    if kind in (q.Kind.SINGLE, q.Kind.TRUE_FALSE, q.Kind.MULTIPLE):
        wrong = next((p for p, i in enumerate(state["order"])
                      if question.choices[i].fraction <= 0), 0)  # fmt: skip
        return {"choices": [wrong]} if kind == q.Kind.MULTIPLE else {"choice": wrong}
    if kind == q.Kind.MATCHING:
        right = full_marks(question, state)["matches"]
        return {"matches": right[1:] + right[:1]}
    if kind == q.Kind.ORDERING:
        return {"order": list(range(len(question.items)))}
    if kind == q.Kind.NUMERIC:
        return {"answer": q.plain_number(question.numeric[0].value + 1)}
    return {"answer": "Пиаже"}


PROJECT_TEXT = (
    "Сабактын планы: {course}. Максат — окуучулар жаңы ыкманы колдонуп, өз ара баалашат. "
    "Сабакта «Джигсо» жана чыгуу билети колдонулат; аягында рефлексия."
)
GRADE_COMMENTS = {
    True: "Жакшы иш: ыкмалар так тандалган, баалоо критерийлери түшүнүктүү.",
    False: "Баалоо жана рефлексия бөлүгүн толуктап, кайра жөнөтүңүз.",
}


def rubric_points(criteria, passing: bool, rng: random.Random) -> dict[int, int]:
    """Points per criterion: near the top for a work that passes, half or less for one that
    does not (the demo's rubric: 3 + 4 + 3, six to pass)."""
    if passing:
        return {c.pk: c.max_points - rng.randint(0, 1) for c in criteria}
    return {c.pk: c.max_points // 2 for c in criteria}

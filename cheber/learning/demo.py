"""The demo's online and blended programmes: titles, modules and lessons in Kyrgyz and Russian;
and their assessment.

Lesson texts are built from each lesson's title and a few shared paragraphs (what to learn, a
task for the classroom, a question to reflect on), so that every lesson reads like one without
this module growing into a textbook.

The assessment: a 44-question bank in Kyrgyz on teaching methods, assessment and digital
tools, a pre-test and a post-test of the same blueprint, a final test and a project for a
programme (`seed_assessment`); a learner's attempts at a stage of the course (`take_tests`).
Everything through the actions, so the demo holds what the pages make.
"""

import random
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cheber.learning import questions as q
from cheber.learning.actions import assessment as actions
from cheber.learning.actions.assignments import save_assignment
from cheber.learning.models import Attempt, Test


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


def seed_assessment(programme, *, actor: Any) -> dict[str, int]:
    """The bank, the pre-, post- and final tests and a project of a programme (once)."""
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
    return {"questions": len(bank()), "tests": 3}


def take_tests(enrolment, *, actor: Any, stage: float, rng: random.Random) -> int:
    """A learner's attempts at a stage of the course (0–1): the pre-test once they began, the
    final and post-tests near the end, each answer right with a likelihood that grows."""
    tests = {t.purpose: t for t in Test.objects.open().filter(
        programme_id=enrolment.session.programme_id)}  # fmt: skip
    wanted = [("pre", 0.45)] if stage >= 0.25 else []
    if stage >= 0.75:
        wanted += [("final", 0.55 + 0.4 * rng.random()), ("post", 0.7)]
    made = 0
    for purpose, skill in wanted:
        test = tests.get(purpose)
        if test is None or Attempt.objects.filter(enrolment=enrolment, test=test).exists():
            continue
        attempt = actions.start_attempt(actor=actor, enrolment=enrolment, test=test, rng=rng)
        answers = [
            actions.Answer(qa.slot, right_response(qa) if rng.random() < skill else {}, 0)
            for qa in attempt.slots.select_related("version")
        ]
        actions.submit_attempt(actor=actor, attempt=attempt, answers=answers,
                               token=uuid.UUID(int=rng.getrandbits(128)))  # fmt: skip
        made += 1
    return made


def right_response(question_attempt) -> dict:
    """The response that scores full marks, read from the slot's question and random state."""
    question = q.Question.from_json(question_attempt.version.body)
    state = question_attempt.state
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

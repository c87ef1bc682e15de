"""The 52 higher education institutions of the demo: real names (general knowledge, [verify]),
synthetic staff sizes. Most are in Bishkek; the regional state universities are in Osh,
Jalal-Abad, Karakol, Naryn, Talas and Batken.
"""

from dataclasses import dataclass

BISHKEK = "41711000000000"
OSH_CITY = "41721000000000"
JALAL_ABAD = "41703410000010"
KARAKOL = "41702410000010"
NARYN = "41704400000010"
TALAS = "41707400000010"
BATKEN = "41705410000010"
TOKMOK = "41708400000010"
KANT = "41708206000000"  # Ysyk-Ata district


@dataclass(frozen=True)
class University:
    code: str
    place: str  # СОАТЕ of a leaf unit, or of Bishkek (then spread over its city districts)
    profile: str
    weight: int  # relative staff size
    name_ky: str
    name_ru: str
    name_en: str


_ROWS = """
KNU|B|classic|1500|Ж. Баласагын атындагы Кыргыз улуттук университети|Кыргызский национальный университет им. Ж. Баласагына|Jusup Balasagyn Kyrgyz National University
KSTU|B|technical|900|И. Раззаков атындагы Кыргыз мамлекеттик техникалык университети|Кыргызский государственный технический университет им. И. Раззакова|Kyrgyz State Technical University named after I. Razzakov
KSMA|B|medical|900|И. К. Ахунбаев атындагы Кыргыз мамлекеттик медициналык академиясы|Кыргызская государственная медицинская академия им. И. К. Ахунбаева|I. K. Akhunbaev Kyrgyz State Medical Academy
KSU|B|pedagogical|900|И. Арабаев атындагы Кыргыз мамлекеттик университети|Кыргызский государственный университет им. И. Арабаева|Kyrgyz State University named after I. Arabaev
KRSU|B|classic|1200|Б. Н. Ельцин атындагы Кыргыз-Россия Славян университети|Кыргызско-Российский Славянский университет им. Б. Н. Ельцина|Kyrgyz-Russian Slavic University named after B. N. Yeltsin
MANAS|B|classic|650|Кыргыз-Түрк «Манас» университети|Кыргызско-Турецкий университет «Манас»|Kyrgyz-Turkish Manas University
AUCA|B|classic|250|Борбордук Азиядагы Америка университети|Американский университет в Центральной Азии|American University of Central Asia
KNAU|B|agrarian|550|К. И. Скрябин атындагы Кыргыз улуттук агрардык университети|Кыргызский национальный аграрный университет им. К. И. Скрябина|Kyrgyz National Agrarian University named after K. I. Skryabin
KSLA|B|law|350|Кыргыз мамлекеттик юридикалык академиясы|Кыргызская государственная юридическая академия|Kyrgyz State Law Academy
KSUCTA|B|technical|550|Н. Исанов атындагы Кыргыз мамлекеттик курулуш, транспорт жана архитектура университети|Кыргызский государственный университет строительства, транспорта и архитектуры им. Н. Исанова|Kyrgyz State University of Construction, Transport and Architecture named after N. Isanov
BSU|B|classic|500|К. Карасаев атындагы Бишкек мамлекеттик университети|Бишкекский государственный университет им. К. Карасаева|Bishkek State University named after K. Karasaev
KEU|B|economics|400|М. Рыскулбеков атындагы Кыргыз экономикалык университети|Кыргызский экономический университет им. М. Рыскулбекова|Kyrgyz Economic University named after M. Ryskulbekov
KSAPCS|B|sport|250|Кыргыз мамлекеттик дене тарбия жана спорт академиясы|Кыргызская государственная академия физической культуры и спорта|Kyrgyz State Academy of Physical Culture and Sports
KNC|B|arts|150|К. Молдобасанов атындагы Кыргыз улуттук консерваториясы|Кыргызская национальная консерватория им. К. Молдобасанова|Kyrgyz National Conservatory named after K. Moldobasanov
KSII|B|arts|150|Б. Бейшеналиева атындагы Кыргыз мамлекеттик искусство институту|Кыргызский государственный институт искусств им. Б. Бейшеналиевой|Kyrgyz State Institute of Arts named after B. Beishenalieva
IUK|B|classic|300|Кыргызстандын эл аралык университети|Международный университет Кыргызстана|International University of Kyrgyzstan
ALATOO|B|classic|350|«Ала-Тоо» эл аралык университети|Международный университет «Ала-Тоо»|Ala-Too International University
DAMFA|B|law|60|Кыргыз Республикасынын Тышкы иштер министрлигинин Дипломатиялык академиясы|Дипломатическая академия МИД Кыргызской Республики|Diplomatic Academy of the Ministry of Foreign Affairs of the Kyrgyz Republic
APA|B|economics|120|Кыргыз Республикасынын Президентине караштуу Мамлекеттик башкаруу академиясы|Академия государственного управления при Президенте Кыргызской Республики|Academy of Public Administration under the President of the Kyrgyz Republic
KSMIRAT|B|medical|200|С. Б. Даниярова атындагы Кыргыз мамлекеттик медициналык кайра даярдоо жана квалификацияны жогорулатуу институту|Кыргызский государственный медицинский институт переподготовки и повышения квалификации им. С. Б. Даниярова|Kyrgyz State Medical Institute of Retraining and Advanced Training named after S. B. Daniyarov
KSUGM|B|technical|200|Кыргыз мамлекеттик геология, тоо-кен иштери жана жаратылыш ресурстарын өздөштүрүү университети|Кыргызский государственный университет геологии, горного дела и освоения природных ресурсов|Kyrgyz State University of Geology, Mining and Natural Resources Development
KKU|B|classic|120|Кыргыз-Казак университети|Кыргызско-Казахский университет|Kyrgyz-Kazakh University
IHSM|B|medical|250|Эл аралык медицина жогорку мектеби|Международная высшая школа медицины|International Higher School of Medicine
ADAM|B|classic|80|«Адам» университети|Университет «Адам»|Adam University
AMIA|B|law|150|Кыргыз Республикасынын Ички иштер министрлигинин академиясы|Академия Министерства внутренних дел Кыргызской Республики|Academy of the Ministry of Internal Affairs of the Kyrgyz Republic
KAI|B|technical|60|И. Абдраимов атындагы Кыргыз авиация институту|Кыргызский авиационный институт им. И. Абдраимова|Kyrgyz Aviation Institute named after I. Abdraimov
SALYM|B|classic|150|Салымбеков университети|Салымбеков университет|Salymbekov University
BAFE|B|economics|100|Бишкек финансы-экономикалык академиясы|Бишкекская финансово-экономическая академия|Bishkek Academy of Finance and Economics
IUIT|B|technical|100|Эл аралык инновациялык технологиялар университети|Международный университет инновационных технологий|International University of Innovation Technologies
KRAO|B|pedagogical|120|Кыргыз-Россия билим берүү академиясы|Кыргызско-Российская академия образования|Kyrgyz-Russian Academy of Education
IAMLFB|B|economics|100|Башкаруу, укук, финансы жана бизнес эл аралык академиясы|Международная академия управления, права, финансов и бизнеса|International Academy of Management, Law, Finance and Business
EAST|B|classic|80|Махмуд Кашгари-Барскани атындагы Чыгыш университети|Восточный университет им. Махмуда Кашгари-Барскани|Eastern University named after Mahmud Kashgari-Barskani
UKG|B|classic|100|«Кыргызстан» университети|Университет «Кыргызстан»|Kyrgyzstan University
ISITO|B|pedagogical|60|Билим берүүдөгү заманбап маалыматтык технологиялар институту|Институт современных информационных технологий в образовании|Institute of Modern Information Technologies in Education
MILAF|B|technical|120|Кыргыз Республикасынын Куралдуу Күчтөрүнүн Аскердик институту|Военный институт Вооруженных Сил Кыргызской Республики|Military Institute of the Armed Forces of the Kyrgyz Republic
IEU|B|medical|120|Эл аралык Европа университети|Международный Европейский университет|International European University
AMI|KANT|medical|150|С. Тентишев атындагы Азия медициналык институту|Азиатский медицинский институт им. С. Тентишева|Asian Medical Institute named after S. Tentishev
TTI|TOKMOK|technical|120|И. Раззаков атындагы КМТУнун Токмок техникалык институту|Токмокский технический институт КГТУ им. И. Раззакова|Tokmok Technical Institute of KSTU named after I. Razzakov
OSHSU|OSH|classic|1700|Ош мамлекеттик университети|Ошский государственный университет|Osh State University
OSHTU|OSH|technical|450|М. Адышев атындагы Ош технологиялык университети|Ошский технологический университет им. М. Адышева|Osh Technological University named after M. Adyshev
KUIU|OSH|pedagogical|450|Б. Сыдыков атындагы Кыргыз-Өзбек эл аралык университети|Кыргызско-Узбекский Международный университет им. Б. Сыдыкова|Kyrgyz-Uzbek International University named after B. Sydykov
OSHSPU|OSH|pedagogical|400|А. Мырсабеков атындагы Ош мамлекеттик педагогикалык университети|Ошский государственный педагогический университет им. А. Мырсабекова|Osh State Pedagogical University named after A. Myrsabekov
OSHIMU|OSH|medical|200|Ош эл аралык медициналык университети|Ошский международный медицинский университет|Osh International Medical University
OSHSLI|OSH|law|120|Ош мамлекеттик юридикалык институту|Ошский государственный юридический институт|Osh State Law Institute
OSHHPI|OSH|pedagogical|150|Ош гуманитардык-педагогикалык институту|Ошский гуманитарно-педагогический институт|Osh Humanitarian Pedagogical Institute
JASU|JALAL_ABAD|classic|900|Б. Осмонов атындагы Жалал-Абад мамлекеттик университети|Джалал-Абадский государственный университет им. Б. Осмонова|Jalal-Abad State University named after B. Osmonov
JAIU|JALAL_ABAD|classic|150|Жалал-Абад эл аралык университети|Джалал-Абадский международный университет|Jalal-Abad International University
ISU|KARAKOL|classic|700|К. Тыныстанов атындагы Ысык-Көл мамлекеттик университети|Иссык-Кульский государственный университет им. К. Тыныстанова|Issyk-Kul State University named after K. Tynystanov
NSU|NARYN|classic|400|С. Нааматов атындагы Нарын мамлекеттик университети|Нарынский государственный университет им. С. Нааматова|Naryn State University named after S. Naamatov
UCA|NARYN|classic|80|Борбордук Азия университети|Университет Центральной Азии|University of Central Asia
TALSU|TALAS|classic|450|Талас мамлекеттик университети|Таласский государственный университет|Talas State University
BATSU|BATKEN|classic|450|Баткен мамлекеттик университети|Баткенский государственный университет|Batken State University
"""  # noqa: E501 (one university per line reads better than wrapped names)
_PLACES = {
    "B": BISHKEK,
    "OSH": OSH_CITY,
    "JALAL_ABAD": JALAL_ABAD,
    "KARAKOL": KARAKOL,
    "NARYN": NARYN,
    "TALAS": TALAS,
    "BATKEN": BATKEN,
    "TOKMOK": TOKMOK,
    "KANT": KANT,
}


def _parse() -> tuple[University, ...]:
    result = []
    for line in _ROWS.strip().splitlines():
        code, place, profile, weight, ky, ru, en = line.split("|")
        result.append(University(code, _PLACES[place], profile, int(weight), ky, ru, en))
    return tuple(result)


UNIVERSITIES = _parse()

# Lecturer specializations by profile (codes of Specialization, staff kind "university").
PROFILES: dict[str, dict[str, int]] = {
    "classic": {
        "lecturer_pedagogy": 10,
        "lecturer_philology": 14,
        "lecturer_foreign_languages": 12,
        "lecturer_mathematics": 12,
        "lecturer_natural_sciences": 12,
        "lecturer_engineering": 4,
        "lecturer_economics": 10,
        "lecturer_law": 8,
        "lecturer_humanities": 12,
        "lecturer_arts": 2,
        "lecturer_physical_culture": 4,
    },
    "pedagogical": {
        "lecturer_pedagogy": 25,
        "lecturer_philology": 18,
        "lecturer_foreign_languages": 12,
        "lecturer_mathematics": 12,
        "lecturer_natural_sciences": 10,
        "lecturer_humanities": 10,
        "lecturer_arts": 5,
        "lecturer_physical_culture": 8,
    },
    "technical": {
        "lecturer_engineering": 45,
        "lecturer_mathematics": 18,
        "lecturer_natural_sciences": 10,
        "lecturer_economics": 8,
        "lecturer_foreign_languages": 7,
        "lecturer_humanities": 6,
        "lecturer_physical_culture": 3,
        "lecturer_pedagogy": 3,
    },
    "medical": {
        "lecturer_medicine": 70,
        "lecturer_natural_sciences": 15,
        "lecturer_foreign_languages": 5,
        "lecturer_humanities": 4,
        "lecturer_pedagogy": 3,
        "lecturer_physical_culture": 3,
    },
    "agrarian": {
        "lecturer_agriculture": 45,
        "lecturer_natural_sciences": 15,
        "lecturer_economics": 12,
        "lecturer_engineering": 10,
        "lecturer_foreign_languages": 6,
        "lecturer_humanities": 6,
        "lecturer_physical_culture": 3,
        "lecturer_mathematics": 3,
    },
    "economics": {
        "lecturer_economics": 55,
        "lecturer_law": 10,
        "lecturer_mathematics": 12,
        "lecturer_foreign_languages": 10,
        "lecturer_humanities": 8,
        "lecturer_physical_culture": 3,
        "lecturer_pedagogy": 2,
    },
    "law": {
        "lecturer_law": 60,
        "lecturer_humanities": 15,
        "lecturer_economics": 10,
        "lecturer_foreign_languages": 10,
        "lecturer_physical_culture": 5,
    },
    "arts": {
        "lecturer_arts": 70,
        "lecturer_humanities": 10,
        "lecturer_pedagogy": 8,
        "lecturer_foreign_languages": 6,
        "lecturer_philology": 6,
    },
    "sport": {
        "lecturer_physical_culture": 65,
        "lecturer_pedagogy": 12,
        "lecturer_natural_sciences": 12,
        "lecturer_humanities": 6,
        "lecturer_foreign_languages": 5,
    },
}

"""How much to generate: the national picture, or a small one for tests and quick looks.

National figures follow data/kg_education_stats.csv (2,394 schools, ~94,000 school teachers,
52 universities with 18,000+ staff); preschools and colleges are estimates noted in
data/SOURCES.md.
"""

from dataclasses import dataclass

KOCHKOR = "41704235000000"
NARYN_TOWN = "41704400000010"
OSH_CITY = "41721000000000"
KARA_SUU = "41706226000000"
BISHKEK_LENINSKY = "41711201000000"


@dataclass(frozen=True)
class Plan:
    name: str
    units: tuple[str, ...] | None  # leaf units to fill; None: every leaf of the country
    schools: int
    school_staff: int
    preschools: int
    preschool_staff: int
    universities: tuple[str, ...] | None  # university codes; None: all 52
    university_staff: int
    colleges: int
    college_staff: int
    provider_staff_share: float  # of the full staff of each provider
    cabinet_staff: int  # methodists per methodical cabinet


NATIONAL = Plan(
    name="national",
    units=None,
    schools=2394,
    school_staff=94_000,
    preschools=2000,
    preschool_staff=14_000,
    universities=None,
    university_staff=18_600,
    colleges=60,
    college_staff=2_900,
    provider_staff_share=1.0,
    cabinet_staff=3,
)

SMALL = Plan(
    name="small",
    units=(KOCHKOR, NARYN_TOWN, OSH_CITY, KARA_SUU, BISHKEK_LENINSKY),
    schools=40,
    school_staff=600,
    preschools=6,
    preschool_staff=48,
    universities=("KNU", "OSHSU"),
    university_staff=80,
    colleges=2,
    college_staff=30,
    provider_staff_share=0.1,
    cabinet_staff=2,
)

PLANS = {plan.name: plan for plan in (SMALL, NATIONAL)}

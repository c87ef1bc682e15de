"""The map and the charts: one shape per district, the right fill, drill-down links, the
highlighted district, and the dashboards that carry them."""

import re

import pytest
import time_machine
from django.urls import reverse

from cheber.compliance import charts
from cheber.compliance.map import district_map_svg, fill_for, map_unit_ids, shapes
from cheber.compliance.tests.test_dashboards import NOW, _fresh_cache, build_world  # noqa: F401
from cheber.core.access import Role
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    NARYN_OBLAST,
    OSH_CITY,
    unit,
    user_with_role,
)

BISHKEK = "41711000000000"
LENINSKY = "41711201000000"  # a city district of Bishkek
KARA_KUL = "41703440000010"  # a town whose simplified geometry is empty


def shape_of(svg: str, soate: str) -> str:
    """The element (path or circle) of one unit."""
    match = re.search(rf'<(path|circle) [^>]*data-soate="{soate}"[^>]*>', svg)
    assert match, soate
    return match.group(0)


def test_every_district_and_town_has_a_shape_and_the_cities_a_circle(reference):
    svg = district_map_svg({})

    paths = re.findall(r'<path [^>]*data-soate="(\d+)"', svg)
    circles = re.findall(r'<circle [^>]*data-soate="(\d+)"', svg)

    assert len(paths) == len(set(paths)) == 52 == len(shapes())
    assert sorted(circles) == sorted([BISHKEK, OSH_CITY, KARA_KUL])
    assert 'viewBox="' in svg and 'width="100%"' in svg


@pytest.mark.parametrize(
    ("share", "css", "colour"),
    [(None, "m-none", "#e0e0e0"), (0.0, "m-q0", "#d7191c"), (0.19, "m-q0", "#d7191c"),
     (0.2, "m-q1", "#fdae61"), (0.5, "m-q2", "#ffffbf"), (0.79, "m-q3", "#abd9e9"),
     (0.8, "m-q4", "#2c7bb6"), (1.0, "m-q4", "#2c7bb6")],
)  # fmt: skip
def test_share_picks_the_fill_class(share, css, colour):
    assert fill_for(share) == (css, colour)


def test_each_shape_is_filled_by_its_share_and_named_in_its_title(reference):
    kochkor, at_bashy = unit(KOCHKOR), unit(AT_BASHY)

    svg = district_map_svg({kochkor.pk: 0.85, at_bashy.pk: 0.1})

    assert 'class="m-shape m-q4" fill="#2c7bb6"' in shape_of(svg, KOCHKOR)
    assert 'class="m-shape m-q0" fill="#d7191c"' in shape_of(svg, AT_BASHY)
    assert "m-none" in shape_of(svg, "41708203000000")  # Alamudun: no data
    assert "<title>Кочкор району: 85%</title>" in svg


def test_a_city_district_is_drawn_as_its_city(reference):
    folded = map_unit_ids()

    assert folded[unit(LENINSKY).pk] == unit(BISHKEK).pk
    assert folded[unit(KOCHKOR).pk] == unit(KOCHKOR).pk
    assert unit(NARYN_OBLAST).pk not in folded


def test_oblast_map_draws_only_its_districts_and_links_them(reference):
    naryn = unit(NARYN_OBLAST)

    svg = district_map_svg({}, region_id=naryn.pk, link=lambda u: f"/d/{u.id}/")

    soates = re.findall(r'data-soate="(\d+)"', svg)
    assert sorted(soates) == sorted(
        ["41704210000000", "41704220000000", "41704230000000", KOCHKOR, "41704245000000",
         "41704400000010"]
    )  # fmt: skip
    assert f'<a href="/d/{unit(KOCHKOR).pk}/" aria-label="Кочкор району: маалымат жок">' in svg


def test_district_is_outlined_last_within_its_oblast(reference):
    kochkor = unit(KOCHKOR)

    svg = district_map_svg({}, region_id=kochkor.region_id, highlight_unit_id=kochkor.pk)

    assert "m-highlight" in shape_of(svg, KOCHKOR)
    assert svg.count("m-highlight") == 1
    assert svg.rindex(f'data-soate="{KOCHKOR}"') > svg.rindex(f'data-soate="{AT_BASHY}"')


def test_a_city_shows_the_country_with_the_city_outlined(reference):
    osh = unit(OSH_CITY)

    svg = district_map_svg({osh.pk: 0.5}, region_id=osh.pk)

    assert len(re.findall(r"<path ", svg)) == 52
    assert "m-highlight" in shape_of(svg, OSH_CITY)


def test_without_a_link_there_are_no_anchors_for_the_pdf(reference):
    assert "<a " not in district_map_svg({})


# Dashboards carry the map ------------------------------------------------------------------


@pytest.fixture
def world(reference):
    with time_machine.travel(NOW, tick=False):
        yield build_world()


def test_national_map_colours_districts_by_the_real_shares_and_opens_oblasts(client, world):
    client.force_login(user_with_role("ministry", Role.MINISTRY))
    naryn = unit(NARYN_OBLAST)

    svg = client.get(reverse("compliance:dashboard")).context["map_svg"]

    assert "m-q2" in shape_of(svg, KOCHKOR)  # 2 of 5 meet the rule: 40 %
    assert "m-q2" in shape_of(svg, AT_BASHY)  # 1 of 2: 50 %
    assert "m-q2" in shape_of(svg, OSH_CITY)  # 1 of 2
    assert "m-none" in shape_of(svg, "41708203000000")
    region = reverse("compliance:region_dashboard", args=[naryn.pk])
    assert f'<a href="{region}" aria-label="Кочкор району: 40%">' in svg


def test_oblast_map_opens_districts(client, world):
    client.force_login(user_with_role("oblast", Role.OBLAST_COORDINATOR, unit=unit(NARYN_OBLAST)))

    svg = client.get(reverse("compliance:region_dashboard", args=[unit(NARYN_OBLAST).pk])).context[
        "map_svg"
    ]

    district = reverse("compliance:district_dashboard", args=[unit(KOCHKOR).pk])
    assert f'<a href="{district}" aria-label="Кочкор району: 40%">' in svg


def test_the_page_embeds_the_svg_without_scripts(client, world):
    client.force_login(user_with_role("ministry", Role.MINISTRY))

    html = client.get(reverse("compliance:dashboard")).content.decode()

    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="compliance-map"') == 1
    assert "<script>" not in html and " style=" not in html


# Charts ------------------------------------------------------------------------------------


def test_bar_chart_draws_a_bar_per_status_with_its_link():
    bars = [charts.Bar("compliant", 30, "compliant", "/l/?status=compliant"),
            charts.Bar("overdue", 10, "overdue", "")]  # fmt: skip

    svg = charts.bar_chart_svg(bars, title="Educators by status")

    assert svg.count('class="c-bar ') == 2
    assert 'width="290.0"' in svg and 'width="96.7"' in svg  # largest bar fills the row
    assert '<a href="/l/?status=compliant">' in svg
    assert "30 (75%)" in svg and "<title>Educators by status</title>" in svg
    assert 'viewBox="0 0 360 74"' in svg


def test_trend_chart_draws_a_line_broken_where_a_year_has_no_data():
    svg = charts.trend_chart_svg(
        [(2020, 0.5), (2021, 0.6), (2022, None), (2023, 0.4), (2024, 0.45)], title="Trend"
    )

    assert svg.count("<polyline") == 2
    assert svg.count('<circle class="c-point"') == 4
    assert "<title>2021: 60%</title>" in svg
    assert "2022: —" in svg  # in the description for screen readers


def test_trend_labels_every_few_years_and_the_last_without_crowding_it():
    points = [(year, 0.5) for year in range(2016, 2026)]

    svg = charts.trend_chart_svg(points, title="Trend")

    labels = re.findall(r'text-anchor="middle" fill="#333">(\d{4})</text>', svg)
    assert labels == ["2016", "2018", "2020", "2022", "2025"]

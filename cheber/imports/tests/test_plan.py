"""Checking a whole file before anything is written: real-world mess handled or reported with
row, column and reason; the user's territory enforced; nothing written by a check."""

import datetime as dt

from openpyxl.styles import Font

from cheber.imports.tests.files import (
    EDUCATOR_HEADERS,
    ORGANIZATION_HEADERS,
    PIN_F,
    PIN_M,
    check,
    csv_file,
    educator,
    problems,
    rows_of,
    workbook,
)
from cheber.registry.models import Educator
from cheber.registry.tests.factories import KOCHKOR

OTHER_PERSON = "The same PIN is on row(s) %s with other personal data: keep one version."


def educators_file(*rows, headers=EDUCATOR_HEADERS, prepare=None) -> bytes:
    return workbook({"Educators": rows_of(list(rows), headers)}, prepare)


def counts(plan, entity="educators") -> dict:
    return plan.report()["counts"][entity]


def test_a_check_writes_nothing(kochkor_school):
    plan = check(educators_file(educator()))

    assert counts(plan) == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 0}
    assert Educator.objects.count() == 0


def test_latin_look_alikes_are_replaced_and_reported_as_a_note(kochkor_school):
    plan = check(educators_file(educator(surname="Acaнoвa")))

    assert counts(plan)["created"] == 1
    assert plan.of("educators").new[0]["surname"] == "Асанова"
    assert problems(plan, "warning") == [("Educators", 2, "B (surname)",
        "Latin letters that look like Cyrillic ones were replaced: “Acaнoвa” is read as "
        "“Асанова”.")]  # fmt: skip


def test_pins_stored_as_numbers_are_read_and_broken_ones_reported(kochkor_school):
    plan = check(educators_file(
        educator(pin=int(PIN_F)),
        educator(pin="2.01032E+13", surname="Токтогулов", name="Бакыт"),
        educator(pin=2010319750004, surname="Токтогулов", name="Бакыт"),
    ))  # fmt: skip

    assert counts(plan) == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 2}
    assert [(row, column) for _s, row, column, _m in problems(plan)] == [
        (3, "A (PIN)"), (4, "A (PIN)")
    ]  # fmt: skip
    assert "scientific notation" in problems(plan)[0][3]
    assert "13 digits" in problems(plan)[1][3]


def test_dates_as_serials_and_text_in_several_formats_are_read(kochkor_school):
    plan = check(educators_file(
        educator(**{"job start date": 42248}),
        educator(pin=PIN_M, surname="Токтогулов", name="Бакыт", **{"job start date": "1/9/2015"}),
    ))  # fmt: skip

    assert [j["start_date"] for j in plan.extra["jobs_new"]] == [
        dt.date(2015, 9, 1), dt.date(2015, 9, 1)
    ]  # fmt: skip


def test_the_same_pin_with_other_personal_data_rejects_every_row_of_it(kochkor_school):
    plan = check(educators_file(educator(), educator(surname="Асанбекова")))

    assert counts(plan)["rejected"] == 2
    assert problems(plan) == [
        ("Educators", 2, "A (PIN)", OTHER_PERSON % 3),
        ("Educators", 3, "A (PIN)", OTHER_PERSON % 2),
    ]  # fmt: skip


def test_the_same_pin_twice_with_the_same_job_rejects_the_repeat(kochkor_school):
    plan = check(educators_file(educator(), educator()))

    assert counts(plan) == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 1}
    assert problems(plan) == [
        ("Educators", 3, "A (PIN)", "The same PIN with the same job is on row 2.")
    ]


def test_the_same_pin_with_two_jobs_is_one_person_with_two_jobs(kochkor_school):
    plan = check(educators_file(educator(), educator(position="deputy_principal")))

    assert counts(plan)["created"] == 2
    assert len(plan.of("educators").new) == 1
    assert len(plan.extra["jobs_new"]) == 2


def test_empty_trailing_rows_are_skipped(kochkor_school):
    def trailing(book):
        sheet = book["Educators"]
        for row in range(3, 2000):
            sheet.cell(row=row, column=1, value=" " if row % 2 else None).font = Font(bold=True)

    plan = check(educators_file(educator(), prepare=trailing))

    assert counts(plan) == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 0}


def test_a_title_row_merged_above_the_header_is_skipped(kochkor_school):
    def title(book):
        sheet = book["Educators"]
        sheet.insert_rows(1, 2)
        sheet["A1"] = "Кочкор районунун педагогдору, 2025-жыл"
        sheet.merge_cells("A1:H1")
        sheet["A2"] = "Педагог"
        sheet.merge_cells("A2:D2")
        sheet["E2"] = "Иштөө"
        sheet.merge_cells("E2:H2")

    plan = check(educators_file(educator(), prepare=title))

    assert plan.layouts[0].header_row == 3
    assert counts(plan)["created"] == 1


def test_a_header_merged_over_two_columns_leaves_the_second_unnamed_and_says_so(kochkor_school):
    def merged(book):
        sheet = book["Educators"]
        sheet["D1"] = None
        sheet.merge_cells("C1:D1")  # "name" spans the name and patronymic columns

    plan = check(educators_file(educator(), prepare=merged))

    assert plan.layouts[0].columns == {0: "pin", 1: "surname", 2: "first_name",
                                       4: "education_level", 5: "organization", 6: "position",
                                       7: "start_date"}  # fmt: skip
    assert plan.of("educators").new[0]["patronymic"] == ""


def test_headers_in_other_case_spaces_and_languages_are_recognised(kochkor_school):
    headers = ["  пин ", "ФАМИЛИЯ", "name", "patronymic", "education level",
               "organization code", "Position", "job start date"]  # fmt: skip
    plan = check(educators_file(dict(zip(headers, educator().values(), strict=True)),
                                headers=headers))  # fmt: skip

    assert plan.layouts[0].missing == []
    assert counts(plan)["created"] == 1


def test_required_columns_missing_from_the_headers_are_named():
    plan = check(educators_file(educator(), headers=EDUCATOR_HEADERS[:3]))

    assert plan.layouts[0].missing == ["education_level", "organization", "position", "start_date"]
    assert plan.report()["counts"] == {}


def test_a_file_with_no_known_headers_asks_for_the_mapping():
    plan = check(workbook({"Лист1": [["Аты-жөнү", "Мектеп"], ["Асанова", "№1"]]}))

    assert plan.fatal.startswith("No sheet of the file has the columns of the template.")
    assert plan.layouts[0].headers == ["Аты-жөнү", "Мектеп"]


def test_the_users_mapping_names_the_columns(kochkor_school):
    headers = ["ИНН", "Фам.", "Аты", "Атасынын аты", "Билими", "Уюм", "Кызматы", "Качантан"]
    content = educators_file(dict(zip(headers, educator().values(), strict=True)), headers=headers)
    keys = ["pin", "surname", "first_name", "patronymic", "education_level", "organization",
            "position", "start_date"]  # fmt: skip
    mapping = {"Educators": {"entity": "educators", "header_row": 1,
                             "columns": {str(i): k for i, k in enumerate(keys)}}}  # fmt: skip

    plan = check(content, mapping=mapping)

    assert counts(plan) == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 0}


def test_formulas_and_markup_in_cells_are_rejected_with_the_column(kochkor_school):
    plan = check(educators_file(
        educator(surname='=HYPERLINK("http://x","Асанова")'),
        educator(pin=PIN_M, surname="Токтогулов", name="<script>alert(1)</script>"),
    ))  # fmt: skip

    assert problems(plan) == [
        ("Educators", 2, "B (surname)",
         "A formula is not a value: type the value itself (without “=”)."),
        ("Educators", 3, "C (name)", "Markup (HTML or script) is not allowed in a cell."),
    ]  # fmt: skip


def test_unknown_codes_and_impossible_values_are_reported_per_cell(kochkor_school):
    plan = check(educators_file(
        educator(organization="SCH-NOWHERE"),
        educator(pin=PIN_M, surname="Токтогулов", name="Бакыт", position="astronaut",
                 **{"education level": "genius"}),
        educator(pin="11205198000199", **{"job start date": "31.02.2015"}),
        educator(pin="21205198000124"),  # a man's PIN for a woman's name is fine; sex from PIN
    ))  # fmt: skip

    assert problems(plan) == [
        ("Educators", 2, "F (organization code)", "No organization has the code SCH-NOWHERE."),
        ("Educators", 3, "E (education level)", "“genius” is not one of the allowed values."),
        ("Educators", 3, "G (position)", "No position “astronaut”."),
        ("Educators", 4, "H (job start date)", "“31.02.2015” is not a real date."),
    ]  # fmt: skip
    assert counts(plan)["created"] == 1


def test_a_pin_that_disagrees_with_the_birth_date_given_is_rejected(kochkor_school):
    headers = EDUCATOR_HEADERS + ["birth date", "sex"]
    plan = check(educators_file(educator(**{"birth date": "13.05.1980", "sex": "male"}),
                                headers=headers))  # fmt: skip

    assert problems(plan) == [
        ("Educators", 2, "J (sex)", "The PIN starts with 1, which does not match the sex given."),
        ("Educators", 2, "I (birth date)",
         "The PIN encodes the birth date 12.05.1980, not the one given."),
    ]  # fmt: skip


def test_a_methodist_imports_only_into_their_district(methodist, kochkor_school, at_bashy_school):
    plan = check(educators_file(
        educator(),
        educator(pin="21205198000124", organization="SCH-ATB-1"),
    ), actor=methodist)  # fmt: skip

    assert problems(plan) == [
        ("Educators", 3, "F (organization code)", "This organization is outside your territory."),
    ]
    assert counts(plan)["created"] == 1


def test_a_methodist_may_add_schools_of_their_district_only(methodist):
    rows = [["SCH-NEW-1", "school", "№ 5 мектеп", "Школа № 5", KOCHKOR, "rural"],
            ["SCH-NEW-2", "school", "№ 6 мектеп", "Школа № 6", "41704220000000", "rural"],
            ["RIPK-2", "provider", "Институт", "Институт", KOCHKOR, "urban"]]  # fmt: skip
    plan = check(workbook({"Organizations": [ORGANIZATION_HEADERS] + rows}), actor=methodist)

    assert counts(plan, "organizations") == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": 2,
    }
    assert [p[2:] for p in problems(plan)] == [
        ("E (СОАТЕ code of the district or city)", "This organization is outside your territory."),
        ("B (organization type)", "Only the ministry registers organizations of this type."),
    ]  # fmt: skip


def test_educators_may_work_at_organizations_of_the_same_file():
    organizations = [ORGANIZATION_HEADERS, ["SCH-NEW-1", "School", "№ 5 мектеп", "Школа № 5",
                                            KOCHKOR, " Rural "]]  # fmt: skip
    content = workbook({"Organizations": organizations,
                        "Educators": rows_of([educator(organization="SCH-NEW-1")],
                                             EDUCATOR_HEADERS)})  # fmt: skip

    plan = check(content)

    assert counts(plan, "organizations")["created"] == 1
    assert counts(plan)["created"] == 1


def test_a_csv_in_windows_1251_with_semicolons_is_checked_like_a_workbook(kochkor_school):
    content = csv_file(rows_of([educator()], EDUCATOR_HEADERS), encoding="cp1251")

    plan = check(content, "staff.csv")

    assert counts(plan) == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 0}
    assert plan.of("educators").new[0]["surname"] == "Асанова"


def test_a_value_longer_than_its_field_is_rejected_not_cut(kochkor_school):
    plan = check(educators_file(educator(surname="Асанова" + "а" * 80)))

    assert problems(plan) == [
        ("Educators", 2, "B (surname)", "At most 80 characters; this cell has 87.")
    ]

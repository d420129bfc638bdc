import pytest

from indicators.importing.filenames import describe


@pytest.mark.parametrize(
    ("path", "year", "subject", "grade"),
    [
        ("Проведение работы по математике, 4 класс. ВПР 2021.xlsx", 2021, "Математика", 4),
        ("2022/5/Математика.xlsx", 2022, "Математика", 5),
        ("/data/fisoko/vpr2021-g4-math.xlsx", 2021, "Математика", 4),
        ("vpr2022-g5-rus.xlsx", 2022, "Русский язык", 5),
        ("ВПР по русскому языку, 5 кл, 2023.xlsx", 2023, "Русский язык", 5),
        ("Проведение работы по окружающему миру, 4-й класс.xlsx", None, "Окружающий мир", 4),
        ("2021/ВПР_ma4.xlsx", 2021, "Математика", 4),
        ("ВПР 2021/11 класс/История.csv", 2021, "История", 11),
        (
            "Проведение работы по английскому языку, 7 класс. ВПР 2022.xlsx",
            2022,
            "Английский язык",
            7,
        ),
        ("ВПР по иностранному языку (немецкий), 11 класс.xlsx", None, "Немецкий язык", 11),
        ("vpr2020-g7-fr.xlsx", 2020, "Французский язык", 7),
        ("ВПР по иностранному языку, 7 класс.xlsx", None, "Иностранный язык", 7),
        ("results.xlsx", None, None, None),
        ("sch223223.xlsx", None, None, None),
    ],
)
def test_describe(path, year, subject, grade):
    assert describe(path) == {"year": year, "subject": subject, "grade": grade}


def test_far_folders_say_nothing():
    assert describe("/srv/2019/uploads/tmp/Математика.xlsx")["year"] is None

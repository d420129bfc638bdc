"""Russian words, stems, safe query terms and snippets (``search.text``)."""

import pytest

from search import text


def test_normalize_folds_case_and_yo():
    assert text.normalize("Учёные ЁЖИК") == "ученые ежик"


def test_words_split_on_hyphens_and_signs():
    assert text.words("Школа-наставник, МБОУ «СОШ № 5»!") == [
        "школа",
        "наставник",
        "мбоу",
        "сош",
        "5",
    ]


@pytest.mark.parametrize(
    "forms",
    [
        ("оценивание", "оценивания", "оцениванию", "Оцениванием"),
        ("школа", "школы", "школам", "ШКОЛЕ"),
        ("результат", "результатами", "результатов"),
        ("ученые", "учёные", "учеными"),
    ],
)
def test_inflected_forms_share_a_stem(forms):
    assert len({text.stem(text.normalize(form)) for form in forms}) == 1


def test_latin_words_get_english_stems_and_numbers_stay():
    assert text.stem("reading") == text.stem("read") == "read"
    assert text.stem("2026") == "2026"


def test_stems_leave_stop_words_out():
    assert text.stems("Работа с родителями в школе") == ["работ", "родител", "школ"]


@pytest.mark.parametrize("query", ["", "   ", "\t\n", '"', "*", "-", "^", ":", "и в на"])
def test_queries_without_words_give_no_terms(query):
    assert text.query_terms(query) == []


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ('"оценивание" NEAR(школа', ["оцениван", "near", "школ"]),
        ("школ* AND -результат^ title_terms:чтение", ["школ", "результат", "titl", "term", "чтен"]),
        ("'; DROP TABLE search_searchentry; --", ["drop", "tabl", "search", "searchentri"]),
        ("школа школы ШКОЛАМ", ["школ"]),
    ],
)
def test_query_terms_are_plain_distinct_stems(query, terms):
    assert text.query_terms(query) == terms


def test_long_queries_are_capped():
    terms = text.query_terms(" ".join(f"слово{number}" for number in range(1000)) + "я" * 5000)
    assert len(terms) == text.MAX_TERMS
    assert text.query_terms("7" * 5000) == ["7" * text.MAX_TERM_LENGTH]


def test_highlight_marks_every_form_and_escapes():
    snippet = text.highlight("<b>Школа</b> & школы: оценивание в школам", ["школ"])
    assert snippet == (
        "&lt;b&gt;<mark>Школа</mark>&lt;/b&gt; &amp; <mark>школы</mark>: оценивание в "
        "<mark>школам</mark>"
    )


def test_highlight_cuts_around_the_first_match():
    body = "начало " * 100 + "Оценивание учеников. " + "конец " * 100
    snippet = text.highlight(body, text.query_terms("оценивания"), length=120)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>Оценивание</mark>" in snippet
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) <= 122


def test_highlight_without_a_match_is_the_start():
    body = "Первое предложение. " * 30
    snippet = text.highlight(body, ["школ"], length=50)
    assert snippet.startswith("Первое предложение.") and snippet.endswith("…")
    assert "<mark>" not in snippet
    assert text.highlight("Коротко", ["школ"]) == "Коротко"

"""Content for the search bench: 5,000 practices, 2,000 events and 1,000 materials whose titles
and texts vary like real ones (inflected Russian words, topics × subjects × templates).

``add_search_data`` reuses the generators of ``scenarios`` (schools, practices and events are
created fast there) and then rewrites the bench pages' texts in bulk; the materials are
bulk-created, all pointing at one small PDF. Everything is deterministic: the text of item
``n`` depends only on ``n``. The search index is not touched: run ``search_index --rebuild``
afterwards. Like the scenarios, it runs inside Django, so it imports models in its body.
"""

import random
import time
from collections import defaultdict

from scenarios import add_events, add_practices, add_schools

BENCH_MATERIALS = 1000
MATERIAL_FILE = "documents/bench-material.pdf"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
BATCH = 500

# Topics in the nominative, genitive, dative and accusative cases.
TOPICS = [
    ("формирующее оценивание", "формирующего оценивания", "формирующему оцениванию", None),
    (
        "читательская грамотность",
        "читательской грамотности",
        "читательской грамотности",
        "читательскую грамотность",
    ),
    ("наставничество", "наставничества", "наставничеству", None),
    (
        "внутренняя система оценки качества",
        "внутренней системы оценки качества",
        "внутренней системе оценки качества",
        "внутреннюю систему оценки качества",
    ),
    (
        "индивидуальный образовательный маршрут",
        "индивидуального образовательного маршрута",
        "индивидуальному образовательному маршруту",
        None,
    ),
    (
        "проектная деятельность",
        "проектной деятельности",
        "проектной деятельности",
        "проектную деятельность",
    ),
    ("работа с родителями", "работы с родителями", "работе с родителями", "работу с родителями"),
    (
        "профилактика школьной неуспешности",
        "профилактики школьной неуспешности",
        "профилактике школьной неуспешности",
        "профилактику школьной неуспешности",
    ),
    (
        "математическая грамотность",
        "математической грамотности",
        "математической грамотности",
        "математическую грамотность",
    ),
    ("смысловое чтение", "смыслового чтения", "смысловому чтению", None),
    ("анализ результатов ВПР", "анализа результатов ВПР", "анализу результатов ВПР", None),
    (
        "школьная служба медиации",
        "школьной службы медиации",
        "школьной службе медиации",
        "школьную службу медиации",
    ),
    (
        "командная работа учителей",
        "командной работы учителей",
        "командной работе учителей",
        "командную работу учителей",
    ),
    (
        "цифровая образовательная среда",
        "цифровой образовательной среды",
        "цифровой образовательной среде",
        "цифровую образовательную среду",
    ),
    ("учебная мотивация", "учебной мотивации", "учебной мотивации", "учебную мотивацию"),
    ("подготовка к ОГЭ", "подготовки к ОГЭ", "подготовке к ОГЭ", "подготовку к ОГЭ"),
    ("взаимопосещение уроков", "взаимопосещения уроков", "взаимопосещению уроков", None),
    (
        "адаптация первоклассников",
        "адаптации первоклассников",
        "адаптации первоклассников",
        "адаптацию первоклассников",
    ),
    (
        "дифференцированное обучение",
        "дифференцированного обучения",
        "дифференцированному обучению",
        None,
    ),
    (
        "естественнонаучная грамотность",
        "естественнонаучной грамотности",
        "естественнонаучной грамотности",
        "естественнонаучную грамотность",
    ),
]
# Subjects in the genitive and dative cases.
SUBJECTS = [
    ("математики", "математике"),
    ("русского языка", "русскому языку"),
    ("литературы", "литературе"),
    ("истории", "истории"),
    ("биологии", "биологии"),
    ("физики", "физике"),
    ("химии", "химии"),
    ("английского языка", "английскому языку"),
    ("географии", "географии"),
    ("информатики", "информатике"),
    ("окружающего мира", "окружающему миру"),
    ("обществознания", "обществознанию"),
]
PLACES = [
    "сельской школы",
    "малокомплектной школы",
    "городской гимназии",
    "школы-интерната",
    "основной школы",
    "школы в посёлке",
    "районного центра",
]
GRADES = ["1–4", "2–3", "5–6", "5–9", "6–7", "7–8", "8–9", "10–11"]

PRACTICE_TITLES = [
    "{Nom} на уроках {subject}",
    "Как мы внедряли {acc} в {grades} классах",
    "{Nom}: опыт {place}",
    "Школьная модель {gen}",
    "От диагностики к результату: {nom}",
    "Путь к успеху через {acc}",
    "{Nom} как ресурс повышения результатов",
    "Система {gen} в {grades} классах",
    "Учимся вместе: {nom} для учителей {subject}",
    "{Nom} и результаты ВПР по {subject_dat}",
]
ANNOTATIONS = [
    "Практика помогает учителям выстроить {acc} на уроках {subject} и снижает долю учеников "
    "с низкими результатами.",
    "Педагоги {place} за два года выстроили {acc} и подняли результаты ВПР по {subject_dat}.",
    "Пошаговое описание того, как школа организовала {acc} в {grades} классах без "
    "дополнительных ставок.",
    "Команда {place} рассказывает, как в школе взялись за {acc} и что это дало детям.",
]
PROBLEMS = [
    "Низкие результаты ВПР по {subject_dat} в {grades} классах.",
    "Ученики не видят связи между отметкой и своими ошибками.",
    "Учителя работают поодиночке и не обсуждают результаты оценочных процедур.",
    "Много детей с трудностями в чтении и понимании учебного текста.",
    "Низкая учебная мотивация подростков, частые пропуски уроков.",
    "Родители редко участвуют в жизни школы и не знают об успехах детей.",
    "Высокая нагрузка на молодых педагогов и текучесть кадров.",
    "Результаты ОГЭ ниже средних по району.",
]
SENTENCES = [
    "В начале года учителя провели входную диагностику и договорились о критериях оценивания.",
    "Каждую неделю методическое объединение разбирает результаты и планирует следующие шаги.",
    "Для учеников с трудностями составлены индивидуальные планы и карточки с опорами.",
    "На уроках {subject} используются листы самооценки и взаимопроверка по образцу.",
    "Завуч посещает уроки коллег и даёт обратную связь по единой карте наблюдения.",
    "Родителей приглашают на открытые занятия и рассказывают о продвижении детей.",
    "Школа опирается на {acc}: это общий язык для учителей, учеников и родителей.",
    "Молодой учитель работает в паре с опытным наставником и ведёт дневник рефлексии.",
    "Результаты оценочных процедур обсуждаются на педсовете вместе с планом коррекции.",
    "Задания составлены по образцу ВПР и постепенно усложняются от урока к уроку.",
    "Внеурочные занятия по {subject_dat} проходят в малых группах по шесть человек.",
    "Ученики ведут портфолио и сами отмечают, чему научились за четверть.",
]
EFFECTS = [
    "Доля отметок «2» по {subject_dat} снизилась на {x} %",
    "Средний балл ВПР вырос на {y}",
    "Все учителя {grades} классов прошли обучение по {dat}",
    "Пропусков уроков стало меньше на {x} %",
]
EVENT_KINDS = ["Семинар", "Вебинар", "Мастер-класс", "Конференция", "Круглый стол"]
EVENT_TITLES = [
    "{kind} «{Nom} на уроках {subject}»",
    "{kind}: {nom} в {grades} классах",
    "{kind} по {dat} для команд школ",
    "{kind} «Как организовать {acc}»",
    "Методический день: {nom}",
]
EVENT_SUMMARIES = [
    "Разбираем {acc}: практики школ, типичные трудности и решения для учителей {subject}.",
    "Команды школ делятся опытом {gen} и обсуждают результаты оценочных процедур.",
    "Практическое занятие: участники составят план по {dat} для своей школы.",
]
MATERIAL_TITLES = {
    "presentation": "Презентация: {nom} в {grades} классах",
    "guidelines": "Методические рекомендации по {dat}",
    "collection": "Сборник практик «{Nom}»",
    "webinar": "Запись вебинара «{Nom} на уроках {subject}»",
    "template": "Шаблон плана по {dat}",
}
MATERIAL_DESCRIPTIONS = [
    "Материал для учителей {subject}: {acc} шаг за шагом, примеры заданий и критерии.",
    "Опыт {place}: как выстроить {acc} и проверить, что это работает.",
    "Для школьных команд: {nom}, частые ошибки и вопросы для обсуждения на педсовете.",
]


def words(key):
    """The words that fill the templates of item ``key``: one topic, subject, place, grades."""
    rng = random.Random(key)
    nom, gen, dat, acc = rng.choice(TOPICS)
    subject, subject_dat = rng.choice(SUBJECTS)
    return rng, {
        "nom": nom,
        "Nom": nom[0].upper() + nom[1:],
        "gen": gen,
        "dat": dat,
        "acc": acc or nom,
        "subject": subject,
        "subject_dat": subject_dat,
        "place": rng.choice(PLACES),
        "grades": rng.choice(GRADES),
        "x": rng.randint(5, 30),
        "y": f"{rng.randint(1, 9) / 10:.1f}".replace(".", ","),
    }


def practice_text(n):
    rng, w = words(f"practice-{n}")
    paragraphs = [
        " ".join(sentence.format(**w) for sentence in rng.sample(SENTENCES, 3)) for _ in range(2)
    ]
    return {
        "title": rng.choice(PRACTICE_TITLES).format(**w),
        "annotation": rng.choice(ANNOTATIONS).format(**w),
        "problem": rng.choice(PROBLEMS).format(**w),
        "description": [{"type": "paragraph", "value": f"<p>{p}</p>"} for p in paragraphs],
        "results": [
            {"type": "result", "value": {"effect": effect.format(**w), "evidence": ""}}
            for effect in rng.sample(EFFECTS, 2)
        ],
    }


def event_text(n):
    rng, w = words(f"event-{n}")
    return {
        "title": rng.choice(EVENT_TITLES).format(kind=rng.choice(EVENT_KINDS), **w),
        "summary": rng.choice(EVENT_SUMMARIES).format(**w),
        "body": [{"type": "paragraph", "value": f"<p>{rng.choice(SENTENCES).format(**w)}</p>"}],
    }


def material_text(n):
    rng, w = words(f"material-{n}")
    material_type = rng.choice(list(MATERIAL_TITLES))
    return {
        "title": MATERIAL_TITLES[material_type].format(**w),
        "description": rng.choice(MATERIAL_DESCRIPTIONS).format(**w),
        "material_type": material_type,
        "year": 2020 + n % 7,
    }


def number(slug):
    return int(slug.rsplit("-", 1)[1])


def rewrite_pages(model, prefix, text, fields):
    """Give the bench pages (slug ``prefix``-N) the texts of ``text(N)``.

    One ``executemany`` UPDATE per table (the page's and its class's): ``bulk_update`` builds
    a CASE expression per row and field and spends ~15 s of Python on 5,000 practices.
    """
    from django.db import connection, transaction

    rows = [
        (pk, text(number(slug)))
        for pk, slug in model.objects.filter(slug__startswith=prefix).values_list("pk", "slug")
    ]
    tables = defaultdict(list)  # the model that holds each field: Page or the page's class
    for name in fields:
        field = model._meta.get_field(name)
        tables[field.model].append(field)
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table_model, table_fields in tables.items():
            columns = ", ".join(f"{quote(field.column)} = %s" for field in table_fields)
            sql = (
                f"UPDATE {quote(table_model._meta.db_table)} SET {columns} "
                f"WHERE {quote(table_model._meta.pk.column)} = %s"
            )
            cursor.executemany(
                sql,
                [
                    [_db_value(field, values, connection) for field in table_fields] + [pk]
                    for pk, values in rows
                ],
            )
    return len(rows)


def _db_value(field, values, connection):
    value = values["title" if field.name == "draft_title" else field.name]
    return field.get_db_prep_save(field.to_python(value), connection)


def bench_calendar():
    """The demo's calendar, or a new one under the home page when the demo has none."""
    from wagtail.models import Site

    from events.models import EventIndexPage

    calendar = EventIndexPage.objects.first()
    if calendar is None:
        home = Site.objects.get(is_default_site=True).root_page
        calendar = EventIndexPage(title="Календарь семинаров", slug="kalendar")
        home.add_child(instance=calendar)
        calendar.save_revision().publish()
    return calendar


def add_materials():
    """Fill the materials up to BENCH_MATERIALS bench documents, bulk-created (no signals)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages
    from wagtail.models import Collection

    from practices.models import Direction, Material

    if not storages["documents"].exists(MATERIAL_FILE):
        storages["documents"].save(MATERIAL_FILE, ContentFile(PDF))
    existing = Material.objects.filter(file=MATERIAL_FILE).count()
    themes = list(Direction.objects.order_by("pk"))
    root = Collection.get_first_root_node()
    materials = [
        Material(
            **material_text(n),
            file=MATERIAL_FILE,
            file_size=len(PDF),
            collection=root,
            theme=themes[n % len(themes)] if themes else None,
        )
        for n in range(existing, BENCH_MATERIALS)
    ]
    Material.objects.bulk_create(materials, batch_size=BATCH)
    return existing + len(materials)


def add_search_data():
    """Schools, practices, events and materials for the search bench; prints counts and time."""
    from events.models import EventPage
    from practices.models import PracticePage

    started = time.monotonic()
    add_schools()
    add_practices()
    bench_calendar()
    add_events()
    practice_fields = ["title", "draft_title", "annotation", "problem", "description", "results"]
    practices = rewrite_pages(PracticePage, "bench-practice-", practice_text, practice_fields)
    event_fields = ["title", "draft_title", "summary", "body"]
    events = rewrite_pages(EventPage, "bench-event-", event_text, event_fields)
    materials = add_materials()
    seconds = time.monotonic() - started
    print(
        f"bench: search data: {practices} practices, {events} events, "
        f"{materials} materials in {seconds:.1f} s"
    )

import django.db.models.deletion
from django.db import migrations, models


def editors_set_the_bands(apps, schema_editor):
    """The institute's editors change the setting «Группы похожих школ»."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="schools", model="similarschoolssettings"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="change_similarschoolssettings",
        defaults={"name": "Can change Группы похожих школ"},
    )
    group = Group.objects.filter(name="Редакторы института").first()
    if group:
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0005_municipality_other_names"),
        ("site_cms", "0003_create_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="SimilarSchoolsSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "large_city_from",
                    models.PositiveIntegerField(
                        default=0,
                        help_text="Города и посёлки городского типа с таким населением и больше — отдельная группа «крупный город». 0 — все городские школы в одной группе «город».",
                        verbose_name="Крупный город — от, тыс. жителей",
                    ),
                ),
                (
                    "large_village_from",
                    models.PositiveIntegerField(
                        default=1,
                        help_text="Сельские населённые пункты с таким населением и больше — «крупное село», меньше — «малое село». 0 — все сельские школы в одной группе «село». Сравнивается нижняя граница ответа анкеты: «1–5 тыс. человек» — это от 1 тыс.",
                        verbose_name="Крупное село — от, тыс. жителей",
                    ),
                ),
                (
                    "pupil_bounds",
                    models.CharField(
                        blank=True,
                        default="100, 300, 700",
                        help_text="Через запятую: «100, 300, 700» — группы «менее 100», «100–299», «300–699» и «700 и больше». Пусто — не делить школы по числу обучающихся.",
                        max_length=100,
                        verbose_name="Границы по числу обучающихся",
                    ),
                ),
                (
                    "ovz_bounds",
                    models.CharField(
                        blank=True,
                        default="5, 10",
                        help_text="Через запятую, в процентах: «5, 10» — группы «менее 5 %», «5–10 %» и «10 % и больше». Пусто — не делить школы по доле обучающихся с ОВЗ.",
                        max_length=100,
                        verbose_name="Границы по доле обучающихся с ОВЗ, %",
                    ),
                ),
                (
                    "min_group_size",
                    models.PositiveSmallIntegerField(
                        default=5,
                        help_text="Школу сравнивают с похожими, когда в её группе вместе с ней столько школ с результатами работы (не меньше 10 участников у каждой). Меньше 4 — квартили ничего не значат.",
                        verbose_name="Наименьшая группа для сравнения, школ",
                    ),
                ),
            ],
            options={"verbose_name": "Группы похожих школ"},
        ),
        migrations.CreateModel(
            name="SchoolContext",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "school_year",
                    models.PositiveSmallIntegerField(
                        help_text="Год начала учебного года: 2021 — это 2021/2022",
                        verbose_name="учебный год",
                    ),
                ),
                (
                    "settlement_kind",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("centre", "административный центр субъекта РФ"),
                            ("city", "город"),
                            ("town", "населённый пункт городского типа"),
                            ("village", "населённый пункт сельского типа"),
                        ],
                        max_length=10,
                        verbose_name="тип населённого пункта",
                    ),
                ),
                (
                    "population_from",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="население от, тыс. человек"
                    ),
                ),
                (
                    "population_to",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Пусто — без верхней границы («более 680 тыс. человек»)",
                        null=True,
                        verbose_name="население до, тыс. человек",
                    ),
                ),
                (
                    "pupils",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="обучающихся"),
                ),
                (
                    "ovz_counted",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        verbose_name="обучающихся, по которым считается доля с ОВЗ",
                    ),
                ),
                (
                    "ovz_pupils",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="из них с ОВЗ, по АОП или инвалидов"
                    ),
                ),
                (
                    "school",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="contexts",
                        to="schools.school",
                        verbose_name="школа",
                    ),
                ),
            ],
            options={
                "verbose_name": "контекстные данные школы",
                "verbose_name_plural": "контекстные данные школ",
                "ordering": ["school", "-school_year"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("school", "school_year"), name="unique_school_context"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("ovz_pupils__lte", models.F("ovz_counted")),
                            ("ovz_pupils__isnull", True),
                            ("ovz_counted__isnull", True),
                            _connector="OR",
                        ),
                        name="school_context_ovz_within_counted",
                    ),
                ],
            },
        ),
        migrations.RunPython(editors_set_the_bands, migrations.RunPython.noop),
    ]

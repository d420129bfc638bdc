"""Demo accounts: one per role, with deterministic demo passwords.

The single source of the demo logins: ``load_demo`` creates the accounts from DEMO_USERS and
``demo_logins`` prints them, without touching the database.
"""

from dataclasses import dataclass

ADMIN_URL = "http://127.0.0.1:8000/admin/"


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    first_name: str
    last_name: str
    role: str
    group: str = ""
    is_superuser: bool = False
    # The app loader that creates the account, when its group only exists once that loader has
    # run (a school's editors' group is made with the school): ``load_users`` leaves it alone.
    made_by: str = ""

    @property
    def email(self):
        return f"{self.username}@iro.example"


DEMO_USERS = (
    DemoUser(
        "admin",
        "demo-admin",
        "Администратор",
        "Демо",
        "администратор портала, все права",
        is_superuser=True,
    ),
    DemoUser(
        "editor",
        "demo-editor",
        "Редактор",
        "Демо",
        "редактор института",
        group="Редакторы института",
    ),
    DemoUser("expert", "demo-expert", "Эксперт", "Демо", "эксперт банка практик", group="Эксперты"),
    DemoUser(
        "coordinator",
        "demo-coordinator",
        "Координатор",
        "Демо",
        "муниципальный координатор",
        group="Координаторы",
    ),
    DemoUser(
        "school-editor",
        "demo-school-editor",
        "Редактор",
        "Школы",
        "редактор раздела школы «Джатиевская ООШ»",
        made_by="demo.schools",
    ),
)


def format_logins(admin_url=ADMIN_URL):
    """The table of demo logins and passwords, as printed after loading and on `make demo`."""
    rows = [("Логин", "Пароль", "Роль")] + [(u.username, u.password, u.role) for u in DEMO_USERS]
    widths = [max(len(row[column]) for row in rows) for column in range(2)]
    lines = ["Демонстрационные учётные записи (только для демо-стенда):"]
    for username, password, role in rows:
        lines.append(f"  {username:<{widths[0]}}  {password:<{widths[1]}}  {role}")
    lines.append(f"Панель управления: {admin_url}")
    return "\n".join(lines)


def load_users(stdout):
    """Create or update the demo accounts; return the administrator (author of the content)."""
    from django.contrib.auth.models import Group

    accounts = {}
    for spec in DEMO_USERS:
        if spec.made_by:
            continue
        groups = []
        if spec.group:
            try:
                groups = [Group.objects.get(name=spec.group)]
            except Group.DoesNotExist as error:
                raise RuntimeError(
                    f"Нет группы «{spec.group}»: сначала выполните manage.py migrate."
                ) from error
        accounts[spec.username] = save_user(spec, groups, stdout)
    return accounts["admin"]


def save_user(spec, groups, stdout):
    """Create or update the account of ``spec`` with exactly these groups; return it."""
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(username=spec.username)
    user.first_name, user.last_name, user.email = spec.first_name, spec.last_name, spec.email
    user.is_superuser = user.is_staff = spec.is_superuser
    user.is_active = True
    user.set_password(spec.password)
    user.save()
    user.groups.set(groups)
    stdout.write(f"{'Создан' if created else 'Обновлён'} пользователь {spec.username}")
    return user


def demo_user(username):
    """The DemoUser with this username."""
    return next(spec for spec in DEMO_USERS if spec.username == username)


def demo_admin():
    """The demo administrator, if the demo accounts have been loaded."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username=DEMO_USERS[0].username).first()

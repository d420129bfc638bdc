"""Demo content of the site shell: accounts, images, documents, settings, pages and menus.

``manage.py load_demo`` runs the loaders listed in its DEMO_LOADERS in one transaction:
``load`` first, then the apps' own loaders, then ``finish``, which builds the home page and
the menus, since they link to sections that apps may have built. Every loader takes the
command's stdout and can be run again: it updates what it made before instead of copying it.
"""


def context(stdout, *, refresh=False):
    """What a loader needs: the home page, the demo administrator, the demo images and documents.

    With ``refresh`` the accounts, images and documents are (re)made; without it existing ones
    are reused and only missing ones are made.
    """
    from . import documents, images, pages, users

    admin = users.demo_admin()
    if refresh or admin is None:
        admin = users.load_users(stdout)
    return pages.Context(
        home=pages.home_page(),
        user=admin,
        images=images.load_images(admin, stdout, refresh=refresh),
        documents=documents.load_documents(admin, stdout, refresh=refresh),
    )


def load(stdout):
    """Accounts, images, documents, the institute's details and the section pages."""
    from . import institute, pages

    ctx = context(stdout, refresh=True)
    institute.load_institute_settings(stdout)
    pages.build_sections(ctx, stdout)


def finish(stdout):
    """The home page with quick links to the sections, and the menus."""
    from . import navigation, pages

    ctx = context(stdout)
    pages.build_home(ctx)
    stdout.write(f"Опубликована главная страница «{ctx.home.title}»")
    navigation.load_menus(ctx.home, stdout)

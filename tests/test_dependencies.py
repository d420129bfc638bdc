"""The README's dependency diagram is the code's own: which app depends on which.

App A depends on app B when a module of A (migrations aside) imports B, wherever the import
stands, or names one of B's models as a string («schools.School» in a foreign key,
«events.EventPage» in a page's subpage types). The code is read with ``ast``, nothing is
imported. ``config``, ``demo`` and ``tests`` stand above the apps and are left out of the
diagram; an app that imports one of them shows up as an edge the diagram lacks.
"""

import ast
import re
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
ABOVE_THE_APPS = {"config", "demo", "tests"}
DIAGRAM = re.compile(r"^```dependencies\n(.*?)^```", re.MULTILINE | re.DOTALL)
MODEL_NAME = re.compile(r"^(\w+)\.[A-Z]\w*$")


def first_party_apps():
    """{app label: package} of the apps that live in this repository."""
    return {
        config.label: config.name
        for config in apps.get_app_configs()
        if Path(config.path).parent == ROOT
    }


def references(source, packages, labels):
    """(package, line) of each first-party package the source imports (absolute imports: the
    relative ones stay inside the app) or whose model it names as «label.Model»."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name.partition(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module.partition(".")[0]]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            model = MODEL_NAME.match(node.value)
            names = [labels.get(model[1])] if model else []
        else:
            continue
        for name in names:
            if name in packages:
                yield name, node.lineno


def code_graph():
    """{app: {app it depends on: where, the first time}} over the apps of the diagram."""
    labels = first_party_apps()
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")}
    graph = {}
    for app in sorted(set(labels.values()) - ABOVE_THE_APPS):
        graph[app] = {}
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for name, line in references(path.read_text(), packages, labels):
                if name != app:
                    graph[app].setdefault(name, f"{path.relative_to(ROOT)}:{line}")
    return graph


def readme_graph():
    """{app: {apps it depends on}} from the lines «app -> dep, dep» of the README's block."""
    found = DIAGRAM.search(README.read_text())
    assert found, "README.md has no ```dependencies block"
    graph = {}
    for line in found[1].splitlines():
        if line.strip():
            app, _, deps = line.partition("->")
            graph[app.strip()] = {dep.strip() for dep in deps.split(",") if dep.strip()}
    return graph


def edges(graph):
    return {(app, dep) for app, deps in graph.items() for dep in deps}


def test_readme_diagram_is_the_code():
    code, readme = code_graph(), readme_graph()
    problems = []
    if missing_apps := sorted(code.keys() - readme.keys()):
        problems.append("Apps without a line in the README: " + ", ".join(missing_apps))
    if unknown_apps := sorted(readme.keys() - code.keys()):
        problems.append("Lines for apps that do not exist: " + ", ".join(unknown_apps))
    if missing := sorted(edges(code) - edges(readme)):
        problems.append(
            "In the code, not in the README:\n"
            + "\n".join(f"  {app} -> {dep}   ({code[app][dep]})" for app, dep in missing)
        )
    if extra := sorted(edges(readme) - edges(code)):
        problems.append(
            "In the README, not in the code:\n"
            + "\n".join(f"  {app} -> {dep}" for app, dep in extra)
        )
    assert not problems, "README.md's dependency diagram is out of date.\n" + "\n".join(problems)


def test_the_reader_sees_imports_and_model_names():
    """Absolute imports anywhere (also inside functions) and «label.Model» strings count;
    relative imports, outside packages and other strings do not."""
    source = (
        "import events.models\n"
        "from .models import Material\n"
        "from django.db import models\n"
        "def later():\n"
        "    from schools.models import School\n"
        "class Page:\n"
        "    subpage_types = ['roadmaps.RoadmapPage', 'wagtailcore.Page']\n"
        "    template = 'practices/page.html'\n"
        "    note = 'curriculum.subjects'\n"
    )
    packages = {"events", "schools", "roadmaps", "practices", "curriculum"}
    labels = {name: name for name in packages}
    assert sorted(references(source, packages, labels)) == [
        ("events", 1),
        ("roadmaps", 7),
        ("schools", 5),
    ]

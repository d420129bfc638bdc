"""No import cycles between the project's modules.

The imports are read with ``ast``, nothing is imported. Only what runs while a module loads
counts: statements at module level (also inside ``if``/``try`` and class bodies), not inside
functions, which run later, nor under ``if TYPE_CHECKING:``. Importing ``a.b.c`` runs ``a`` and
``a.b`` first, so an import also leads to the packages around its target, except the importer's
own packages (those are already loading). A cycle there works only by import order, if at all.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Every top-level package of the repository except the tests themselves.
PACKAGES = sorted(
    path.parent.name for path in ROOT.glob("*/__init__.py") if path.parent.name != "tests"
)


def module_files():
    """{dotted module name: path} of every first-party module."""
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def load_time_imports(tree):
    """The import statements Python runs while the module loads."""
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            pending.extend(node.orelse)
        else:
            pending.extend(
                child for child in ast.iter_child_nodes(node) if isinstance(child, ast.stmt)
            )


def imported_modules(module, is_package, node, modules):
    """The first-party modules an import statement names: ``from p import x`` names the
    submodule ``p.x`` if there is one, else ``p`` (x is then an attribute of p)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = module if is_package else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            base = base.rpartition(".")[0]
        base = ".".join(filter(None, [base, node.module])) if node.level else node.module
        names = [f"{base}.{alias.name}" for alias in node.names]
        names = [name if name in modules else base for name in names]
    return {name for name in names if name in modules}


def packages_of(name):
    parts = name.split(".")
    return {".".join(parts[:length]) for length in range(1, len(parts))}


def import_graph():
    modules = module_files()
    graph = {}
    for module, path in modules.items():
        is_package = path.name == "__init__.py"
        own = packages_of(module) | {module}
        targets = set()
        for node in load_time_imports(ast.parse(path.read_text(), str(path))):
            for name in imported_modules(module, is_package, node, modules):
                targets.add(name)
                targets |= {package for package in packages_of(name) if package not in own}
        graph[module] = targets - {module}
    return graph


def reachable(graph, start):
    seen, pending = set(), list(graph[start])
    while pending:
        module = pending.pop()
        if module not in seen:
            seen.add(module)
            pending.extend(graph.get(module, ()))
    return seen


def cycles(graph):
    """Groups of modules that import each other, directly or through others."""
    reach = {module: reachable(graph, module) for module in graph}
    return {
        frozenset(other for other in reach[module] if module in reach[other])
        for module in graph
        if module in reach[module]
    }


def test_no_import_cycles_between_modules():
    graph = import_graph()
    found = sorted(sorted(group) for group in cycles(graph))
    # Each cycle as the imports inside it, to show which one to break.
    assert not found, "Import cycles between modules:\n" + "\n\n".join(
        "\n".join(
            f"{importer} → {imported}"
            for importer in group
            for imported in sorted(graph[importer] & set(group))
        )
        for group in found
    )


def test_the_reader_sees_load_time_imports_only():
    """The reader itself: imports inside functions or for type checkers run no module."""
    tree = ast.parse(
        "import a\nfrom .b import c, d\nif TYPE_CHECKING:\n    import e\n"
        "class F:\n    from . import g\ndef h():\n    import i\n"
    )
    modules = {"a", "e", "i", "pkg", "pkg.b", "pkg.b.c", "pkg.g", "pkg.mod"}
    names = set().union(
        *(imported_modules("pkg.mod", False, node, modules) for node in load_time_imports(tree))
    )
    assert names == {"a", "pkg.b", "pkg.b.c", "pkg.g"}

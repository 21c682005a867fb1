"""No import loops among the project's modules, counting imports inside functions.

A loop hidden inside a function still ties two modules together: neither can be read, tested or
moved without the other. This walks the source (no imports run), so it sees every import.
"""

import ast
from pathlib import Path

from django.conf import settings

PACKAGES = ("cpa_site", "courses", "enrollment")


def project_modules(root: Path) -> dict[str, Path]:
    """Module name -> file, for every Python file of the project's packages but migrations."""
    modules = {}
    for package in PACKAGES:
        for path in (root / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imported_names(module: str, path: Path) -> set[str]:
    """Every module name an `import` or `from ... import` anywhere in the file may refer to."""
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            names.add(source)
            # `from package import module` imports the module too.
            names.update(f"{source}.{alias.name}" for alias in node.names)
    return names


def import_graph(root: Path) -> dict[str, set[str]]:
    modules = project_modules(root)
    graph = {}
    for module, path in modules.items():
        targets = set()
        for name in imported_names(module, path):
            # Importing a.b.c runs a.b.c, and its packages a and a.b before it.
            parts = name.split(".")
            for end in range(1, len(parts) + 1):
                candidate = ".".join(parts[:end])
                if candidate in modules and candidate != module:
                    targets.add(candidate)
        graph[module] = targets
    return graph


def import_loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                loops.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return loops


def test_no_module_of_the_project_imports_itself_through_others():
    graph = import_graph(Path(settings.BASE_DIR))
    assert len(graph) > 20, "the walk found too few modules: is BASE_DIR the project?"
    loops = import_loops(graph)
    assert not loops, "import loops:\n" + "\n".join(" <-> ".join(group) for group in loops)


def test_the_loop_finder_sees_a_loop_through_an_import_inside_a_function(tmp_path):
    package = tmp_path / "enrollment"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("def later():\n    from .a import thing\n")
    (package / "c.py").write_text("from enrollment.a import thing\n")
    for other in ("cpa_site", "courses"):
        (tmp_path / other).mkdir()
    loops = import_loops(import_graph(tmp_path))
    assert loops == [["enrollment.a", "enrollment.b"]]

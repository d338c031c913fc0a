"""The layout rules of STYLE, checked on the source (issue 14 req. 3): the lower apps (`core`,
`ledger`) import nothing above them, no module imports another module's `_private` name, and
the pay path (payments), the lower apps and the demo have no import cycle. Imports inside
functions count: a cycle put off until the first call is still a cycle."""
import ast
from pathlib import Path

import emitra

ROOT = Path(emitra.__file__).parent
LOWER = {"emitra.core": ("emitra.core",), "emitra.ledger": ("emitra.core", "emitra.ledger")}
ACYCLIC = ("emitra.payments", "emitra.core", "emitra.ledger", "emitra.demo")


def module_name(path):
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_files(include_tests=False):
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).parts
        if "node_modules" in rel or "migrations" in rel or (not include_tests and ("tests" in rel or rel[0] in (
                "conftest.py", "testsetup.py", "test_settings.py"))):
            continue
        yield path


def imports(path):
    """(module, name or None, line) of every import in the file, relative ones made absolute."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([module] if module else []))
            for alias in node.names:
                yield module, alias.name, node.lineno


def within(module, package):
    return module == package or module.startswith(package + ".")


def test_core_and_ledger_import_no_app_above_them():
    found = []
    for path in source_files():
        here = module_name(path)
        for layer, allowed in LOWER.items():
            if within(here, layer):
                found += [f"{here}:{line} imports {module}" for module, _name, line in imports(path)
                          if within(module, "emitra") and module != "emitra"
                          and not any(within(module, a) for a in allowed)]
    assert found == []


def test_no_module_imports_another_modules_private_name():
    found = [f"{module_name(path)}:{line} imports {name} from {module}"
             for path in source_files(include_tests=True) for module, name, line in imports(path)
             if name and name.startswith("_") and not name.startswith("__") and within(module, "emitra")]
    assert found == []


def test_the_pay_path_the_lower_apps_and_the_demo_have_no_import_cycle():
    modules = {module_name(p): p for p in source_files() if any(within(module_name(p), a) for a in ACYCLIC)}
    graph = {}
    for name, path in modules.items():
        targets = set()
        for module, imported, _line in imports(path):
            full = f"{module}.{imported}" if imported else module
            targets.add(full if full in modules else module)
        graph[name] = sorted(t for t in targets if t in modules and t != name)
    cycles, state = [], {}

    def visit(node, trail):
        state[node] = "open"
        for target in graph[node]:
            if state.get(target) == "open":
                cycles.append(" -> ".join(trail[trail.index(target):] + [target]))
            elif target not in state:
                visit(target, trail + [target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []

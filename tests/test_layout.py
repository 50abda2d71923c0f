"""The layout of docs/architecture.md holds: imports follow the layers (import-linter's
contracts in pyproject.toml), no module takes part in an import cycle, foreign keys and
migration dependencies point down, events/ is rooms, and each role and status set is defined
once."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import grimp
from django.apps import apps
from django.db.migrations.loader import MigrationLoader

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["governance", "events", "org", "places", "grids", "taxonomy", "common"]  # top to bottom
LAYER = {name: level for level, name in enumerate(PACKAGES)}
# Migrations written before the layout, kept for the databases that applied them: org's first
# migration names the catalogue, then in the events app. Every later migration points down.
HISTORICAL = {("org", "0001_initial")}


def package_of(app_label: str) -> str | None:
    config = apps.get_app_config(app_label)
    top = config.name.split(".")[0]
    return top if top in LAYER else None


def test_imports_follow_the_layers():
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml")) == 0


def strongly_connected(graph: grimp.ImportGraph) -> list[set[str]]:
    """Tarjan's algorithm, iteratively: the sets of two or more modules importing each other."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(
                        child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def test_no_module_is_part_of_an_import_cycle():
    # Lazy imports inside functions count: grimp reads every import statement.
    graph = grimp.build_graph(*PACKAGES, include_external_packages=False, cache_dir=None)
    assert strongly_connected(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for importer, imported in [("a.x", "a.y"), ("a.y", "a.z"), ("a.z", "a.x"), ("a.z", "a.w")]:
        graph.add_import(importer=importer, imported=imported)
    assert strongly_connected(graph) == [{"a.x", "a.y", "a.z"}]


def test_foreign_keys_point_down_the_layers():
    upward = []
    for model in apps.get_models():
        source = package_of(model._meta.app_label)
        if source is None:
            continue
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model is not None:
                target = package_of(field.related_model._meta.app_label)
                if target is not None and LAYER[target] < LAYER[source]:
                    upward.append(f"{model._meta.label}.{field.name} → "
                                  f"{field.related_model._meta.label}")
    assert upward == []


def test_migrations_depend_only_on_their_layer_and_below():
    installed = {config.label for config in apps.get_app_configs()}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    upward = []
    for (label, name), migration in loader.disk_migrations.items():
        source = package_of(label)
        if source is None or (label, name) in HISTORICAL:
            continue
        for dep_label, dep_name in migration.dependencies:
            if dep_label not in installed:  # swappable settings, e.g. the user model
                continue
            target = package_of(dep_label)
            if target is not None and LAYER[target] < LAYER[source]:
                upward.append(f"{label}.{name} → {dep_label}.{dep_name}")
    assert upward == []


def test_events_is_rooms_each_saying_what_lives_there():
    events = ROOT / "events"
    modules = sorted(p.name for p in events.glob("*.py"))
    assert len(modules) <= 8, modules
    rooms = [p for p in events.iterdir() if (p / "__init__.py").exists()]
    assert {p.name for p in rooms} >= {"intake", "workflow", "sla", "notify", "stats",
                                       "citizen", "staff", "api", "open311", "privacy"}
    for room in rooms:
        if room.name in {"management", "migrations", "templatetags"}:
            continue
        docstring = ast.get_docstring(ast.parse((room / "__init__.py").read_text()))
        assert docstring, f"events/{room.name}/__init__.py says what lives there"


SET_OWNERS = {"Role": ROOT / "org" / "models.py", "Status": ROOT / "events" / "models.py"}


def _member_sets(tree: ast.AST, aliases: dict[str, str]):
    """(kind, members, line) of each tuple, list or set literal naming 2+ Role or Status values."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Tuple | ast.List | ast.Set) or len(node.elts) < 2:
            continue
        owners = {aliases.get(e.value.id) for e in node.elts
                  if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name)}
        if len(owners) == 1 and None not in owners and all(
                isinstance(e, ast.Attribute) for e in node.elts):
            yield owners.pop(), frozenset(e.attr for e in node.elts), node.lineno


def test_each_role_set_and_status_set_is_defined_once():
    seen: dict[tuple, str] = {}
    duplicates = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        if path.parts[len(ROOT.parts)] not in PACKAGES or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        aliases = {"Role": "Role", "Status": "Status"}
        aliases.update({t.id: v.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
                        for t in node.targets if isinstance(t, ast.Name)
                        for v in [node.value] if isinstance(v, ast.Name) and v.id in aliases})
        for kind, members, line in _member_sets(tree, aliases):
            where = f"{path.relative_to(ROOT)}:{line}"
            if (kind, members) in seen:
                duplicates.append(f"{where} repeats {seen[kind, members]}")
            seen.setdefault((kind, members), where)
    assert duplicates == []
    # The named sets live beside their choices, and nowhere else.
    for name, kind in [("DISPATCHING", "Role"), ("COMMAND_STAFF", "Role"), ("VERIFYING", "Role"),
                       ("OPEN", "Status"), ("CLOSED", "Status"), ("FINISHED", "Status")]:
        defined = [p for p in ROOT.glob("*/**/*.py") if p.parts[len(ROOT.parts)] in PACKAGES
                   and f"\n{name} = " in p.read_text()]
        assert defined == [SET_OWNERS[kind]], name


def test_a_dotted_path_from_before_the_layout_still_resolves(tmp_path):
    env = {**os.environ, "SMS_BACKEND": "events.sms.LoggingSMSBackend",
           "DJANGO_SETTINGS_MODULE": "governance.settings", "DATA_DIR": str(tmp_path)}
    script = ("import django; django.setup(); from django.conf import settings; "
              "from django.utils.module_loading import import_string; "
              "print(import_string(settings.SMS_BACKEND).__module__)")
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.stdout.strip() == "events.notify.sms", run.stderr[-2000:]

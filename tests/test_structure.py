"""The package's layering: no import circle inside nli/ (lazy, function-level imports count too), and
scripts/ are entry points that share code through the package, never through one another."""
import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "nli"
SCRIPTS = ROOT / "scripts"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """module -> the package modules it imports anywhere in its file (top level or inside functions)."""
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}

    def known(name: str) -> str | None:
        # `import nli.a.b` / `from nli.a import b`: the longest prefix that is a module of the package
        while name and name not in files:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {m: set() for m in files}
    for mod, path in files.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name == "nli" or a.name.startswith("nli.")]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package
                    for _ in range(node.level - 1):
                        base = base.rpartition(".")[0]
                    base = f"{base}.{node.module}" if node.module else base
                elif node.module and (node.module == "nli" or node.module.startswith("nli.")):
                    base = node.module
                else:
                    continue
                # `from . import x` / `from .a import b`: x or a.b when that is a module, else the module named
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in files else base for a in node.names]
            for t in targets:
                if (target := known(t)) and target != mod:
                    graph[mod].add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        path.append(m)
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                return path[path.index(n):] + [n]
            if n not in state and (found := visit(n)):
                return found
        path.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state and (found := visit(m)):
            return found
    return None


def test_the_graph_sees_top_level_and_lazy_imports():
    graph = import_graph()
    assert "nli.config" in graph["nli.judge"]  # top level: from .config import Config
    assert "nli.judge" in graph["nli.models"]  # inside load_nli: from .judge import NLIModel
    assert "nli.claims" in graph["nli.training.written"]  # relative, two levels: from ..claims import


def test_no_import_cycle_inside_the_package():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_pipeline_does_not_import_training():
    """nli.training sits on top of the pipeline's stages; only it and the benchmark harness use it."""
    users = {m for m, deps in import_graph().items() for d in deps
             if d.startswith("nli.training") and not m.startswith("nli.training") and m != "nli.bench"}
    assert not users, f"pipeline modules importing nli.training: {sorted(users)}"


def _script_path_tricks(tree: ast.Module) -> list[str]:
    """sys.path entries a script adds that point into scripts/ (its own folder) rather than the checkout."""
    names = {t.id: ast.unparse(n.value) for n in tree.body if isinstance(n, ast.Assign)
             for t in n.targets if isinstance(t, ast.Name)}
    bad = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("insert", "append")
                and ast.unparse(node.func.value) == "sys.path"):
            arg = ast.unparse(node.args[-1])
            for _ in range(3):  # ROOT -> Path(__file__).resolve().parent.parent, one name deep at a time
                arg = re.sub(r"\b\w+\b", lambda m: f"({names[m[0]]})" if m[0] in names else m[0], arg)
            ups = len(re.findall(r"\.parent\b", arg)) + sum(int(i) + 1 for i in re.findall(r"\.parents\[(\d)\]", arg))
            if "scripts" in arg or ("__file__" in arg and ups < 2):
                bad.append(ast.unparse(node))
    return bad


def test_scripts_do_not_import_one_another():
    scripts = sorted(SCRIPTS.glob("*.py"))
    names = {p.stem for p in scripts}
    problems = []
    for path in scripts:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                problems += [f"{path.name}: import {a.name}" for a in node.names if a.name.split(".")[0] in names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module.split(".")[0] in names:
                problems.append(f"{path.name}: from {node.module} import ...")
            elif isinstance(node, ast.Attribute) and node.attr in ("spec_from_file_location", "run_path"):
                problems.append(f"{path.name}: loads a file as a module ({node.attr})")
        problems += [f"{path.name}: {t}" for t in _script_path_tricks(tree)]
    assert not problems, "\n".join(problems)

"""The layout ARCHITECTURE.md describes: stages import only downward, no import cycles, short modules."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "generator"
MAX_LINES = 300   # per module; functions: MAX_FUNCTION_LINES
# Each module may import modules of its own layer or of earlier ones (longest prefix wins).
LAYERS = ["generator", "generator.model", "generator.settings", "generator.errors", "generator.textutil",
          "generator.runtime", "generator.knowledge", "generator.clean", "generator.read", "generator.segment",
          "generator.extract", "generator.group", "generator.render", "generator.write", "generator.pipeline",
          "generator.app", "generator.__main__"]
RANK = {"generator": 0, "generator.model": 0, "generator.settings": 0, "generator.errors": 0, "generator.textutil": 0}
RANK |= {name: i for i, name in enumerate(LAYERS) if name not in RANK}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def rank(module: str) -> int:
    return RANK[max((name for name in RANK if module == name or module.startswith(name + ".")), key=len)]


def imports(module: str, path: Path) -> set[str]:
    """The generator modules a module imports, at its top or inside functions."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            found |= {f"{target}.{a.name}" if f"{target}.{a.name}" in MODULES else target for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return {m for m in found if m in MODULES and m != module}


GRAPH = {m: imports(m, p) for m, p in MODULES.items()}


def test_there_are_at_least_five_stage_packages():
    stages = {"read", "clean", "segment", "extract", "group", "render", "write"}
    assert len({p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()} & stages) >= 5


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_a_module_imports_only_its_own_stage_or_earlier_ones(module):
    assert [t for t in sorted(GRAPH[module]) if rank(t) > rank(module)] == []


def test_there_is_no_import_cycle():
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert cycles == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_is_short(module):
    assert len(MODULES[module].read_text(encoding="utf-8").splitlines()) <= MAX_LINES


MAX_FUNCTION_LINES = 50


@pytest.mark.parametrize("module", sorted(MODULES))
def test_functions_are_short(module):
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    long = [f"{node.name}: {node.end_lineno - node.lineno + 1} lines" for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert long == []

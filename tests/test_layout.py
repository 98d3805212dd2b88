"""The layout of macros/: no module imports another that imports it back, nothing is imported by
string, and the portable core (everything under macros/) never imports MkDocs."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "macros"


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path) -> dict[str, int]:
    """{module of this package imported by `name`: line}, at any depth of the file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: dict[str, int] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            if target in MODULES and target != name and target != "macros":
                out.setdefault(target, node.lineno)
    return out


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def test_no_import_cycle_inside_macros() -> None:
    cycles = []

    def visit(name: str, stack: list[str]) -> None:
        for target in GRAPH[name]:
            if target in stack:
                cycle = stack[stack.index(target):] + [target]
                cycles.append(" -> ".join(f"{m} ({MODULES[m].relative_to(ROOT)}:{GRAPH[m][n]})"
                                          for m, n in zip(cycle, cycle[1:])))
            elif target not in done:
                visit(target, stack + [target])
        done.add(name)

    done: set[str] = set()
    for name in GRAPH:
        if name not in done:
            visit(name, [name])
    assert not cycles, ("import cycles inside macros/ (fix: move what both modules share into one "
                        "module that imports neither):\n" + "\n".join(sorted(set(cycles))))


def test_no_import_by_string() -> None:
    found = []
    for name, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            called = node.func if isinstance(node, ast.Call) else None
            label = (ast.unparse(called) if called is not None else "")
            if label.endswith(("import_module", "find_spec", "__import__", "spec_from_file_location")):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {label}(...)")
    assert not found, ("modules imported by string (fix: a plain `import` or `from ... import`):\n"
                       + "\n".join(found))


def test_the_portable_core_imports_no_mkdocs() -> None:
    found = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = ([a.name for a in node.names] if isinstance(node, ast.Import)
                       else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.relative_to(ROOT)}:{node.lineno}: imports {m}"
                      for m in modules if m.split(".")[0] in ("mkdocs", "material", "mkdocs_macros")]
    assert not found, ("macros/ must not import MkDocs (fix: move the code to hooks/mkdocs_glue.py):\n"
                       + "\n".join(found))


def test_no_module_shadows_the_standard_library() -> None:
    import sys
    # hooks/ and scripts/ are imported as top-level modules (MkDocs loads hooks by file path).
    shadows = [f"{p.relative_to(ROOT)}" for folder in ("hooks", "scripts")
               for p in (ROOT / folder).rglob("*.py") if p.stem in sys.stdlib_module_names]
    assert not shadows, f"modules named like the standard library (rename them): {shadows}"

"""No module of the layer keeps mutable state at module level: what a warm container keeps between
requests lives on the function's runtime (whofree.context.Runtime), never in a module global.

An AST check over every module of layers/core/whofree: a module-level assignment (plain, annotated
or augmented) whose value is a dict, list or set (literal or comprehension) or a call that makes one
(dict(), list(), set(), defaultdict(), OrderedDict(), Counter(), deque(), bytearray()), and a
``global`` statement anywhere, are refused, unless the name is an UPPER_CASE constant. Frozen values
(tuples, frozenset, MappingProxyType) pass.
"""

from __future__ import annotations

import ast
from pathlib import Path

LAYER = Path(__file__).resolve().parents[2] / "layers" / "core" / "whofree"
MUTABLE_CALLS = {
    "dict",
    "list",
    "set",
    "defaultdict",
    "OrderedDict",
    "Counter",
    "deque",
    "bytearray",
    "WeakValueDictionary",
}
MUTABLE_NODES = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)


def _called(node: ast.expr) -> str | None:
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _mutable(value: ast.expr | None) -> bool:
    return isinstance(value, MUTABLE_NODES) or _called(value) in MUTABLE_CALLS if value is not None else False


def _constant(target: ast.expr) -> bool:
    """An UPPER_CASE constant, or a module's dunder (``__all__``)."""
    if not isinstance(target, ast.Name):
        return False
    name = target.id
    return name.strip("_").isupper() or (name.startswith("__") and name.endswith("__"))


def module_state(source: str) -> list[str]:
    """Each offending statement of ``source``, as ``line: text``."""
    tree = ast.parse(source)
    found = []
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets, value = [node.target], node.value
        else:
            continue
        if _mutable(value) and not all(_constant(t) for t in targets):
            found.append(f"{node.lineno}: {ast.unparse(node)[:80]}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found.append(f"{node.lineno}: global {', '.join(node.names)}")
    return found


def test_no_module_of_the_layer_holds_mutable_state():
    offenders = {
        str(path.relative_to(LAYER)): found
        for path in sorted(LAYER.rglob("*.py"))
        if (found := module_state(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_check_sees_each_kind_of_module_state():
    assert module_state("_cache: dict[str, int] = {}") == ["1: _cache: dict[str, int] = {}"]
    assert module_state("seen = set()\nkept = []\nby = defaultdict(list)") == [
        "1: seen = set()",
        "2: kept = []",
        "3: by = defaultdict(list)",
    ]
    assert module_state("def f():\n    global n\n    n = 1") == ["2: global n"]
    assert module_state("NAMES = {'a': 1}\n_WDAYS = {'monday': 0}\nPAIR = ('a', 'b')") == []
    assert module_state("frozen = frozenset({1})\nview = MappingProxyType({})\ndef f():\n    local = {}") == []

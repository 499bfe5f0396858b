"""What a view reads from the request, found in its source, so that the fuzz tables cannot fall behind the views.

`Reads(sources, form_fields).of(view)` walks the view's syntax tree and, transitively, every function of the `rocb`
package it calls, and collects the names read from the request's parameters:

- `request.args.get("x")`, `.getlist("x")`, `request.args["x"]`, `"x" in request.args` (and request.values; for
  a posted form request.form and request.files);
- the same through a helper that receives them: `params.int_arg(request.args, "workshop")`,
  `queries.filtered(request.args)` reading `args.get(k) for k in ("year", ...)`, `page_args()` reading
  `request.args` itself;
- the fields of a form built from them: `PlannerForm(formdata=request.args)`, also through a helper
  (`proposal_form(request.args)`).

A key that is a loop variable is read as the constants it loops over (`for k in ("topic", "zone")`, or a module
constant such as SEARCH_ARGS); a parameter of a helper as the constants its callers pass; an f-string as a pattern
(`f"row-{a.row}"` -> "row-*"). A key that cannot be known this way is reported as unresolved, so that nothing read
escapes the tables unseen. What templates read is not in the source: the GET fuzz records it as the pages run.
"""

import ast
import inspect
import textwrap
import types
from collections.abc import Callable
from functools import cache

import wtforms

QUERY = frozenset({"request.args", "request.values"})
POSTED = frozenset({"request.form", "request.values", "request.files"})
_LOOKUPS = {"get", "getlist", "get_all", "pop", "poplist", "setdefault"}


@cache
def _tree(code) -> ast.AST | None:
    """The syntax tree of a function (by its code object: one parse per function)."""
    try:
        source = textwrap.dedent(inspect.getsource(code))
    except (OSError, TypeError):
        return None
    try:
        return ast.parse(source)
    except SyntaxError:  # a lambda cut out of a longer line
        return None


def _is_project(obj) -> bool:
    return (getattr(obj, "__module__", "") or "").startswith("rocb") and hasattr(obj, "__code__")


def _binds(target, name: str) -> bool:
    if isinstance(target, ast.Name):
        return target.id == name
    return isinstance(target, ast.Tuple) and any(isinstance(e, ast.Name) and e.id == name for e in target.elts)


def _strings(value) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (tuple, list, set, frozenset, dict)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


class Reads:
    def __init__(self, sources: frozenset[str], form_fields: Callable[[type, str], list[str]]):
        self.sources = sources
        self.form_fields = form_fields
        self._memo: dict = {}

    def of(self, view) -> tuple[set[str], list[str]]:
        """(names read, descriptions of keys that could not be resolved) of a view function."""
        return self._function(inspect.unwrap(view), frozenset(), ())

    # ------------------------------------------------------------ one function, in a context

    def _function(self, func, aliases: frozenset[str], bound: tuple) -> tuple[set[str], list[str]]:
        """aliases: parameter names bound to the request's parameters; bound: (parameter, constants) pairs."""
        func = inspect.unwrap(func)
        if isinstance(func, types.MethodType):
            func = func.__func__
        key = (func, aliases, bound)
        if key in self._memo:
            return self._memo[key]
        self._memo[key] = (set(), [])  # a cycle reads nothing more
        tree = _tree(func.__code__)
        result = (set(), []) if tree is None else _Walk(self, func, tree, aliases, dict(bound)).run()
        self._memo[key] = result
        return result


class _Walk:
    def __init__(self, reads: Reads, func, tree: ast.AST, aliases: frozenset[str], bound: dict):
        self.reads, self.func, self.tree, self.bound = reads, func, tree, bound
        self.sources = reads.sources | aliases
        try:
            closure = inspect.getclosurevars(func)
            self.env = {**func.__globals__, **closure.nonlocals}
        except (TypeError, ValueError):
            self.env = dict(func.__globals__)
        self.names: set[str] = set()
        self.unresolved: list[str] = []

    def run(self) -> tuple[set[str], list[str]]:
        for node in ast.walk(self.tree):  # `args = request.args`: args is read as the request's parameters too
            if isinstance(node, ast.Assign) and self._is_source(node.value):
                self.sources = self.sources | {ast.unparse(t) for t in node.targets}
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call):
                self._call(node)
            elif isinstance(node, ast.Subscript) and self._is_source(node.value):
                self._key(node.slice)
            elif isinstance(node, ast.Compare) and isinstance(node.ops[0], (ast.In, ast.NotIn)) \
                    and self._is_source(node.comparators[0]):
                self._key(node.left)
        return self.names, self.unresolved

    def _is_source(self, node) -> bool:
        return ast.unparse(node) in self.sources

    def _where(self, node) -> str:
        return f"{self.func.__module__}.{self.func.__qualname__}: {ast.unparse(node)}"

    # ------------------------------------------------------------ keys

    def _key(self, node) -> None:
        found = self._constants(node)
        if found is None:
            self.unresolved.append(self._where(node))
        else:
            self.names.update(found)

    def _constants(self, node, depth: int = 0) -> tuple[str, ...] | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return (node.value,)
        if isinstance(node, ast.JoinedStr):
            return ("".join(v.value if isinstance(v, ast.Constant) else "*" for v in node.values),)
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            parts = [self._constants(e, depth) for e in node.elts]
            return None if any(p is None for p in parts) else tuple(s for p in parts for s in p)
        if isinstance(node, ast.Starred):
            return self._constants(node.value, depth)
        if isinstance(node, ast.Name) and depth < 3:
            return self._name(node.id, depth)
        if isinstance(node, ast.Attribute):
            return _strings(self._resolve(node))
        return None

    def _name(self, name: str, depth: int) -> tuple[str, ...] | None:
        if name in self.bound:
            return self.bound[name]
        found: list[str] = []
        known = False
        for node in ast.walk(self.tree):
            if isinstance(node, (ast.For, ast.comprehension)) and _binds(node.target, name):
                values = self._loop_constants(node.target, node.iter, name, depth)
                if values is None:
                    return None
                found += values
                known = True
            elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
                values = self._constants(node.value, depth + 1)
                if values is None:
                    return None
                found += values
                known = True
            elif isinstance(node, (ast.FunctionDef, ast.Lambda)) and node is not self.tree.body[0] \
                    and name in [a.arg for a in node.args.args]:
                values = self._inner_calls(node, name, depth)
                if values is None:
                    return None
                found += values
                known = True
        if known:
            return tuple(found)
        return _strings(self.env.get(name))

    def _loop_constants(self, target, iterated, name: str, depth: int) -> tuple[str, ...] | None:
        """`for k in ("a", "b")` -> a, b; `for name, allowed in (("a", x), ("b", y))` -> a, b."""
        if isinstance(target, ast.Name):
            return self._constants(iterated, depth + 1)
        position = [isinstance(e, ast.Name) and e.id == name for e in target.elts].index(True)
        if not isinstance(iterated, (ast.Tuple, ast.List)):
            return None
        rows = [row.elts[position] if isinstance(row, ast.Tuple) and len(row.elts) == len(target.elts) else None
                for row in iterated.elts]
        parts = [None if row is None else self._constants(row, depth + 1) for row in rows]
        return None if any(p is None for p in parts) else tuple(v for p in parts for v in p)

    def _inner_calls(self, definition, name: str, depth: int) -> tuple[str, ...] | None:
        """The constants passed for parameter `name` of a function defined inside the one walked."""
        if not isinstance(definition, ast.FunctionDef):
            return None
        position = [a.arg for a in definition.args.args].index(name)
        found: list[str] = []
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == definition.name:
                given = node.args[position] if position < len(node.args) else next(
                    (k.value for k in node.keywords if k.arg == name), None)
                values = None if given is None else self._constants(given, depth + 1)
                if values is None:
                    return None
                found += values
        return tuple(found)

    # ------------------------------------------------------------ calls

    def _resolve(self, node):
        """What a name or a dotted name of the walked function stands for: followed through modules and classes
        only (never through objects, whose attributes may run code: a database engine, the request proxy)."""
        if isinstance(node, ast.Name):
            return self.env.get(node.id)
        if isinstance(node, ast.Attribute):
            owner = self._resolve(node.value)
            if isinstance(owner, (types.ModuleType, type)):
                try:
                    return getattr(owner, node.attr, None)
                except Exception:  # noqa: BLE001 (a class attribute that cannot be read here is no helper)
                    return None
        return None

    def _call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in _LOOKUPS and self._is_source(func.value):
            if node.args:
                self._key(node.args[0])
            return
        target = self._resolve(func)
        if isinstance(target, type) and issubclass(target, wtforms.Form):
            formdata = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "formdata"),
                                                           None)
            if formdata is not None and self._is_source(formdata):
                prefix = next((k.value.value for k in node.keywords if k.arg == "prefix"
                               and isinstance(k.value, ast.Constant)), "")
                self.names.update(self.reads.form_fields(target, prefix))
            return
        if not _is_project(target) and not (isinstance(target, types.MethodType) and _is_project(target.__func__)):
            return
        aliases, bound = set(), []
        if node.args or node.keywords:
            try:
                binding = inspect.signature(target).bind_partial(*node.args, **{
                    k.arg: k.value for k in node.keywords if k.arg})
            except (TypeError, ValueError):
                binding = None
            for parameter, given in (binding.arguments.items() if binding else ()):
                if isinstance(given, ast.AST) and self._is_source(given):
                    aliases.add(parameter)
                elif isinstance(given, (ast.Constant, ast.Name, ast.JoinedStr)):
                    values = self._constants(given)
                    if values is not None:
                        bound.append((parameter, values))
        names, unresolved = self.reads._function(target, frozenset(aliases), tuple(sorted(bound)))
        self.names.update(names)
        self.unresolved.extend(unresolved)

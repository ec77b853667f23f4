"""Checking a JSON value against the API's own OpenAPI schema, for the subset of JSON Schema ninja emits."""

from __future__ import annotations

from typing import Any

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


def problems(value: Any, schema: dict[str, Any], openapi: dict[str, Any], where: str = "$") -> list[str]:
    """Every way `value` breaks `schema` ($ref, anyOf, type, enum, required, properties, items, bounds)."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        return problems(value, openapi["components"]["schemas"][name], openapi, where)
    if "anyOf" in schema:
        if any(not problems(value, option, openapi, where) for option in schema["anyOf"]):
            return []
        return [f"{where}: {value!r} matches none of {schema['anyOf']}"]
    found: list[str] = []
    kind = schema.get("type")
    if kind:
        allowed = _TYPES[kind]
        is_bool = isinstance(value, bool)
        if not isinstance(value, allowed) or (is_bool and kind in {"integer", "number"}):
            return [f"{where}: {value!r} is not {kind}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} not in {schema['enum']}")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                found.append(f"{where}: missing {name}")
        for name, item in value.items():
            if name in properties:
                found += problems(item, properties[name], openapi, f"{where}.{name}")
            elif schema.get("additionalProperties") is False:
                found.append(f"{where}: unexpected {name}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found += problems(item, schema["items"], openapi, f"{where}[{index}]")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            found.append(f"{where}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            found.append(f"{where}: {value} > {schema['maximum']}")
    return found


def response_schema(openapi: dict[str, Any], path: str, status: str = "200") -> dict[str, Any]:
    schema: dict[str, Any] = openapi["paths"][path]["get"]["responses"][status]["content"][
        "application/json"
    ]["schema"]
    return schema

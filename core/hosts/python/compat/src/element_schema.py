"""The schema side of per-element styles (src.element_style): the compact `x-style-elements`
declaration expanded into the blocks a settings form shows, and the defaults a schema declares.

A declaration is `customization.x-style-elements: {element: {font: {default}, size: {default, min,
max}, color: {default}, visible, align, offsets, scale}}`. Expanded, each element becomes an object
with `font`, `font_size`, `text_color` (and `visible`, `align`) properties, and elements with
`offsets` get `customization.layout.<element>` with `x_offset`/`y_offset` (and `scale`).
"""

import copy
import json
import logging

logger = logging.getLogger("src.element_style")
ALIGNMENTS = ("left", "center", "right")


def expand_style_elements(schema):
    """The schema with its declaration expanded (a copy), or the same object when there is none."""
    try:
        declaration = schema["properties"]["customization"]["x-style-elements"]
    except (KeyError, TypeError):
        return schema
    if not isinstance(declaration, dict) or not declaration:
        return schema
    expanded = copy.deepcopy(schema)
    custom = expanded["properties"]["customization"]
    custom.setdefault("type", "object")
    props = custom.setdefault("properties", {})
    for key, spec in declaration.items():
        if not isinstance(spec, dict):
            continue
        props.setdefault(key, _element_block(key, spec))
        if spec.get("offsets"):
            layout = props.setdefault("layout", {"type": "object", "title": "Layout Offsets", "properties": {}})
            layout.setdefault("properties", {}).setdefault(key, _offset_block(key, spec))
    return expanded


def _element_block(key: str, spec: dict) -> dict:
    props = {}
    font, size, color = spec.get("font"), spec.get("size"), spec.get("color")
    if isinstance(font, dict):
        props["font"] = {"type": "string", "title": "Font Family", **_pick(font, "default", "enum")}
    if isinstance(size, dict):
        props["font_size"] = {"type": "integer", "title": "Font Size", **_pick(size, "default"),
                              **({"minimum": size["min"]} if "min" in size else {}), **({"maximum": size["max"]} if "max" in size else {})}  # fmt: skip
    if isinstance(color, dict):
        props["text_color"] = {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 255},
                               "minItems": 3, "maxItems": 3, **({"default": list(color["default"])} if "default" in color else {})}  # fmt: skip
    visible = spec.get("visible")
    if visible is True or isinstance(visible, dict):
        props["visible"] = {"type": "boolean", "default": bool(visible.get("default", True)) if isinstance(visible, dict) else True}
    align = spec.get("align")
    if align is True or isinstance(align, dict):
        props["align"] = {"type": "string", "enum": list(ALIGNMENTS), **(_pick(align, "default") if isinstance(align, dict) else {})}
    return {"type": "object", "title": spec.get("title", key), "x-style-managed": True, "additionalProperties": False, "properties": props}


def _offset_block(key: str, spec: dict) -> dict:
    axis = {"type": "integer", "default": 0}
    props = {"x_offset": dict(axis), "y_offset": dict(axis)}
    scale = spec.get("scale")
    if scale is True or isinstance(scale, dict):
        props["scale"] = {"type": "number", "default": (scale.get("default", 1.0) if isinstance(scale, dict) else 1.0), "minimum": 0.1, "maximum": 10.0}
    return {"type": "object", "title": spec.get("title", key), "x-style-managed": True, "additionalProperties": False, "properties": props}


def _pick(source: dict, *keys) -> dict:
    return {k: copy.deepcopy(source[k]) for k in keys if k in source}


def extract_schema_defaults(schema) -> dict:
    """The nested defaults of an object schema's properties (objects recurse)."""
    out = {}
    if not isinstance(schema, dict):
        return out
    for key, prop in (schema.get("properties") or {}).items():
        if not isinstance(prop, dict):
            continue
        if prop.get("type") == "object" or "properties" in prop:
            nested = extract_schema_defaults(prop)
            base = prop.get("default") if isinstance(prop.get("default"), dict) else {}
            if nested or base:
                out[key] = {**copy.deepcopy(base), **nested}
        elif "default" in prop:
            out[key] = copy.deepcopy(prop["default"])
    return out


def defaults_from_schema(schema) -> dict:
    try:
        return extract_schema_defaults(expand_style_elements(schema))
    except Exception as e:  # a malformed schema means "no defaults", never a failed render
        logger.warning("style defaults unreadable from the schema: %s", e)
        return {}


def defaults_from_schema_file(path) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            return defaults_from_schema(json.load(f))
    except (OSError, ValueError) as e:
        logger.warning("style defaults unreadable from %s: %s", path, e)
        return {}

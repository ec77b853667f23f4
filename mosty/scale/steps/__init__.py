"""The steps of seed_scale, one module per domain, registered in the order they run: a step may refer
to the rows of the steps before it. Adding a domain is one module here and one name in MODULES.
(The order is a list, not import statements, so an import sorter cannot reorder it.)"""

from __future__ import annotations

from importlib import import_module

MODULES = [
    "accounts",
    "organisations",
    "ties",
    "events",
    "agreements",
    "projects",
    "initiatives",
    "registrations",
    "comments",
]
for _module in MODULES:
    import_module(f"mosty.scale.steps.{_module}")

STEPS_LOADED = True

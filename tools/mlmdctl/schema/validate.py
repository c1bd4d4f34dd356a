#!/usr/bin/env python3
# Validates mlmdctl's --output json (stdin) against one of the schemas in this
# directory, offline: the schemas refer to each other by $id and are loaded
# from here, never fetched.
# Usage: mlmdctl runs --pipeline P --output json | validate.py runs.schema.json
import json
import os
import sys

import jsonschema

def main():
    if len(sys.argv) != 2:
        print("usage: validate.py SCHEMA_FILE < document.json", file=sys.stderr)
        return 2
    here = os.path.dirname(os.path.abspath(__file__))
    store = {}
    for name in os.listdir(here):
        if name.endswith(".schema.json"):
            with open(os.path.join(here, name)) as f:
                schema = json.load(f)
            store[schema["$id"]] = schema
    path = sys.argv[1]
    if not os.path.isabs(path):
        path = os.path.join(here, path)
    with open(path) as f:
        schema = json.load(f)
    resolver = jsonschema.RefResolver(schema["$id"], schema, store=store)
    try:
        document = json.load(sys.stdin)
    except ValueError as e:
        print("not JSON: %s" % e, file=sys.stderr)
        return 1
    validator = jsonschema.Draft7Validator(schema, resolver=resolver)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    for error in errors:
        print("%s: %s" % ("/".join(str(p) for p in error.path) or "(root)",
                          error.message), file=sys.stderr)
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main())

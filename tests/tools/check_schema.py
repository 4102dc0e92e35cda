"""Validates YAML files (or the front matter of Markdown files) against a JSON
Schema with the independent `jsonschema` package. Prints one line per file:
`ok PATH` or `invalid PATH: message`."""
import json
import sys

import jsonschema
import yaml

schema = json.load(open(sys.argv[1]))
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
for path in sys.argv[2:]:
    text = open(path, encoding="utf-8").read()
    if path.endswith(".md"):
        text = text.split("---\n")[1]
    data = yaml.load(text, Loader=yaml.BaseLoader)  # every scalar a string, as written
    # YAML dates and numbers: let the schema see what a YAML editor sees
    data = yaml.safe_load(text)
    data = json.loads(json.dumps(data, default=str))
    errors = sorted(validator.iter_errors(data), key=lambda e: e.path)
    if errors:
        print(f"invalid {path}: {errors[0].message}")
    else:
        print(f"ok {path}")

"""The JSON Schema editors use: complete, documented, and agreeing with the real validator."""

import json

import jsonschema
import pytest
from click.testing import CliRunner

from cvbuilder.cli.commands import main
from cvbuilder.load.profile import parse_yaml
from cvbuilder.schema.model import Profile

from .conftest import DATA, ROOT


@pytest.fixture(scope="module")
def schema() -> dict:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    return json.loads(result.output)


def raw(path) -> dict:
    return parse_yaml(path.read_text("utf-8"), str(path))[0]


def test_every_field_has_a_description_and_an_example(schema):
    missing = [
        f"{name}.{field}"
        for name, model in [("Profile", schema), *schema["$defs"].items()]
        for field, prop in model.get("properties", {}).items()
        if not prop.get("description") or not prop.get("examples")
    ]
    assert missing == []


@pytest.mark.parametrize("path", [ROOT / "profile.yaml", DATA / "full.yaml", DATA / "minimal.yaml"])
def test_real_profiles_validate_against_the_schema(schema, path):
    jsonschema.Draft202012Validator(schema).validate(raw(path))


def test_the_schema_refuses_what_the_validator_refuses(schema):
    validator = jsonschema.Draft202012Validator(schema)
    for broken in [{"person": {"name": "A", "adress": "x"}}, {"persons": {}},
                   {"person": {"name": "A"}, "publications": [{"title": "T"}]}]:  # fmt: skip
        assert list(validator.iter_errors(broken))
        with pytest.raises(ValueError):
            Profile.model_validate(broken)


def test_init_writes_a_profile_that_points_editors_at_its_schema(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["init", "me.yaml"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "me.yaml").read_text()
    assert text.splitlines()[0] == "# yaml-language-server: $schema=./me.schema.json"
    written = json.loads((tmp_path / "me.schema.json").read_text())
    assert written == Profile.model_json_schema()
    jsonschema.Draft202012Validator(written).validate(raw(tmp_path / "me.yaml"))

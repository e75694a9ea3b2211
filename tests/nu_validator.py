"""The W3C Nu HTML checker (vnu.jar, from the npm registry's ``vnu-jar`` in package.json) over many pages.

Every page is checked in one Java run (the JVM's start costs more than the checking). The only
messages let through are those about htmx's own ``hx-*`` attributes, which the checker cannot be
taught. Java comes from Debian (``default-jre-headless``, installed by .ci/run).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

VNU_JAR = Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: htmx's attributes (``hx-get``, ``hx-boost:inherited``…): "Attribute hx-… not allowed on element …".
HTMX_ATTRIBUTE = re.compile(r"^Attribute “hx-[a-z:-]+” (is )?not allowed")


def _java() -> str:
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        pytest.fail("The Nu HTML checker needs Java (Debian's default-jre-headless) and node_modules/vnu-jar "
                    "(`npm ci`): .ci/run installs both.", pytrace=False)
    return java


def messages(pages: dict[str, str]) -> list[dict]:
    """Every message of the checker about ``pages`` (name → HTML) but those about ``hx-*``
    attributes, each with the ``url`` (the page's name) it is about."""
    if not pages:
        return []
    with tempfile.TemporaryDirectory(prefix="nu-") as folder:
        names = {}
        for number, (name, text) in enumerate(pages.items()):
            path = Path(folder) / f"page{number}.html"
            path.write_text(text, encoding="utf-8")
            names[str(path.resolve())] = name
        run = subprocess.run(
            [_java(), "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", "--also-check-svg",
             *sorted(names)],
            capture_output=True, text=True, timeout=600, check=False)
    report = json.loads(run.stderr or run.stdout)
    found = []
    for message in report["messages"]:
        if message.get("type") == "info" and message.get("subType") != "warning":
            continue  # plain information, not a finding
        if HTMX_ATTRIBUTE.search(message.get("message", "")):
            continue
        where = re.sub(r"^file:/+", "/", message.get("url", ""))
        found.append({**message, "url": names.get(where, where)})
    return found


def describe(found: list[dict]) -> str:
    return "\n".join(f"{m['url']}:{m.get('lastLine', '?')}: [{m.get('subType') or m.get('type')}] {m['message']}"
                     f"  «{m.get('extract', '').strip()[:120]}»" for m in found)

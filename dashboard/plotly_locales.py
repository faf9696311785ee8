"""Plotly in the dashboard's language: its modebar words, and the month and day names and number signs of axes
and hovers, from dashboard/locales/plotly/<language>.toml (English is Plotly's own).

The live chart and the HTML export get them in their Plotly config (`locale_config`). Kaleido, which draws the
PNG, SVG and PDF files, passes no config through to Plotly, so its page loads `locale_script()`: it registers the
languages with Plotly and gives each figure the language its layout names in `meta.chronik_locale`
(`with_locale`), which the exported figures carry.
"""

from __future__ import annotations

import json
import tempfile
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

LOCALES = Path(__file__).parent / "locales" / "plotly"
META_KEY = "chronik_locale"  # the figure's language, in layout.meta, for the export page's script


@cache
def plotly_locale(language: str) -> dict[str, Any] | None:
    """Plotly's words and formats in `language`, as its config's `locales` entry wants them; None for English or a
    language without a file."""
    path = LOCALES / f"{language}.toml"
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        return tomllib.load(handle)


def locale_config(language: str) -> dict[str, object]:
    """The part of a Plotly config that makes a chart speak `language` (nothing for English)."""
    locale = plotly_locale(language)
    return {"locale": language, "locales": {language: locale}} if locale else {}


def with_locale(spec: dict[str, Any], language: str) -> dict[str, Any]:
    """A figure's JSON (`to_plotly_json()`) that names its language for the export page; unchanged for English."""
    if plotly_locale(language) is None:
        return spec
    layout = dict(spec.get("layout") or {})
    meta = layout.get("meta")
    layout["meta"] = {**(meta if isinstance(meta, dict) else {}), META_KEY: language}
    return {**spec, "layout": layout}


# Runs in Kaleido's page after plotly.js: registers the locales and hands each figure's language to Plotly's config
# (Kaleido calls Plotly.toImage with a figure, or Plotly.newPlot and then toImage).
_SCRIPT = """(function () {
  const locales = %s;
  for (const [name, locale] of Object.entries(locales)) {
    Plotly.register({moduleType: "locale", name: name, dictionary: locale.dictionary || {},
                     format: locale.format || {}});
  }
  const named = (layout) => (layout && layout.meta && layout.meta.%s) || null;
  const withLocale = (config, layout) =>
    named(layout) ? Object.assign({}, config || {}, {locale: named(layout)}) : config;
  const toImage = Plotly.toImage, newPlot = Plotly.newPlot;
  Plotly.toImage = function (figure, options) {
    if (figure && !figure.nodeType && figure.layout) {
      figure = Object.assign({}, figure, {config: withLocale(figure.config, figure.layout)});
    }
    return toImage.call(this, figure, options);
  };
  Plotly.newPlot = function (element, data, layout, config) {
    return newPlot.call(this, element, data, layout, withLocale(config, layout));
  };
})();
"""


@cache
def locale_script() -> Path:
    """The export page's script (see above), written once per process."""
    languages = {path.stem: plotly_locale(path.stem) for path in sorted(LOCALES.glob("*.toml"))}
    folder = Path(tempfile.mkdtemp(prefix="chronik-plotly-locales-"))
    script = folder / "chronik-locales.js"
    script.write_text(_SCRIPT % (json.dumps(languages, ensure_ascii=False), META_KEY), encoding="utf-8")
    return script

"""The report page: one HTML file with its style and figures inside, readable with no network.

Design note. Figures are PNGs embedded as base64 `data:` URIs in `<img>` elements, each inside a
`<figure>` with a caption; a page built this way renders in any browser, prints, and mails as one
attachment. No script is needed to read it, so the page has none. Every piece of text that comes
from a file (scenario names, event details, YAML) goes through `html.escape`.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field

import pandas as pd

from ..figures.common import png_bytes

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1180px;
       margin: 2em auto; padding: 0 1em; color: #1d2530; line-height: 1.45; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #d4d9e0;
padding-bottom: 0.2em; margin-top: 2em; }
.subtitle { color: #5a6472; margin-top: 0; }
ul.findings li { margin-bottom: 0.6em; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0.6em 0; }
th, td { border: 1px solid #d4d9e0; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f1f4f8; }
figure { margin: 1.2em 0; } figure img { max-width: 100%; height: auto; border: 1px solid #e3e7ec; }
figcaption { color: #4a5462; font-size: 0.9em; margin-top: 0.3em; }
details pre { background: #f6f8fa; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }
.note { color: #5a6472; font-size: 0.9em; }
"""


@dataclass
class Page:
    """Sections appended in order; `render` returns the whole document."""

    title: str
    subtitle: str = ""
    parts: list[str] = field(default_factory=list)
    figure_count: int = 0

    def heading(self, text: str) -> None:
        self.parts.append(f"<h2>{html.escape(text)}</h2>")

    def paragraph(self, text: str, css: str = "") -> None:
        cls = f' class="{css}"' if css else ""
        self.parts.append(f"<p{cls}>{html.escape(text)}</p>")

    def bullets(self, items: list[str], css: str = "") -> None:
        cls = f' class="{css}"' if css else ""
        self.parts.append(f"<ul{cls}>" + "".join(f"<li>{html.escape(i)}</li>" for i in items)
                          + "</ul>")

    def table(self, frame: pd.DataFrame, digits: int = 3) -> None:
        self.parts.append(frame.to_html(index=False, float_format=lambda v: f"{v:.{digits}f}",
                                        na_rep="", border=0, escape=True))

    def figure(self, fig, caption: str, alt: str | None = None) -> None:
        data = base64.b64encode(png_bytes(fig)).decode("ascii")
        self.figure_count += 1
        self.parts.append(
            f'<figure id="figure-{self.figure_count}"><img src="data:image/png;base64,{data}" '
            f'alt="{html.escape(alt or caption)}"><figcaption>Figure {self.figure_count}. '
            f"{html.escape(caption)}</figcaption></figure>")

    def details(self, summary: str, text: str) -> None:
        self.parts.append(f"<details><summary>{html.escape(summary)}</summary>"
                          f"<pre>{html.escape(text)}</pre></details>")

    def render(self) -> str:
        return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                f"<title>{html.escape(self.title)}</title><style>{STYLE}</style></head>"
                f"<body data-figures=\"{self.figure_count}\"><h1>{html.escape(self.title)}</h1>"
                f"<p class=\"subtitle\">{html.escape(self.subtitle)}</p>"
                + "\n".join(self.parts) + "</body></html>\n")

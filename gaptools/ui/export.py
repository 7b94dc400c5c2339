"""Step 10 form: preview the one-page bet canvas and export every format.

Each export is drawn from the saved workshop (never from what a form shows), written beside
the workshop file in the user's workshop folder, and offered as a data-URI download link,
which works in JupyterLab, under Voilà and on a JupyterHub alike.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets

from gaptools.core.errors import WorkshopError
from gaptools.export import MEDIA_TYPES, default_output, write_export
from gaptools.export.bet import canvas_html
from gaptools.export.glyphs import noting_undrawn, undrawn_note
from gaptools.summaries.canvas import bet_canvas
from gaptools.ui.kit import (
    Form,
    button,
    choices_across,
    download_link,
    heading,
    opened,
    unexpected,
)
from gaptools.ui.session import WorkshopSession

STEP = "10_export"

# (group, [(button label, format, canvas)])
CHOICES = [
    (
        "The bet canvas (one page)",
        [
            ("PDF", "pdf", "bet"),
            ("PNG", "png", "bet"),
            ("HTML", "html", "bet"),
            ("Markdown", "md", "bet"),
        ],
    ),
    (
        "The workshop report (every step)",
        [
            ("HTML", "html", "report"),
            ("Markdown", "md", "report"),
            ("Report as PDF", "pdf", "report"),
        ],
    ),
    ("The data", [("JSON", "json", None), ("CSV", "csv", None), ("Excel", "xlsx", None)]),
]
PAPERS = [("A4", "a4"), ("Letter", "letter")]


def show(path: str | None = None) -> widgets.Widget:
    return opened(lambda session: ExportForm(session).widget, path)


class ExportForm:
    def __init__(self, session: WorkshopSession) -> None:
        self.session = session
        self.form = Form(session, STEP)
        # Its label and buttons stay on one line beside the button that draws the page; in a
        # narrow row they wrapped, the label left glued to that button's edge.
        self.paper = choices_across(
            PAPERS, description="Paper", value="a4", style={"description_width": "initial"}
        )
        self.paper.layout.flex = "0 0 auto"
        self.paper.layout.margin = "0 0 0 2em"
        self.links: dict[str, str] = {}
        self.undrawn = ""  # what the last PDF or PNG could not draw, said under the links
        self.downloads = widgets.HTML()
        self.picture = widgets.HTML()
        self.buttons: dict[tuple[str, str | None], widgets.Button] = {}
        rows = []
        for group, choices in CHOICES:
            row = []
            for label, fmt, canvas in choices:
                knob = button(label, "download")
                knob.on_click(lambda _, f=fmt, c=canvas: self.export(f, c))
                self.buttons[(fmt, canvas)] = knob
                row.append(knob)
            rows.append(widgets.HBox([widgets.HTML(f"<b>{html.escape(group)}</b>"), *row]))
            rows[-1].layout.align_items = "center"
            rows[-1].children[0].layout.width = "19em"
        everything = button("Export everything", "download")
        everything.on_click(lambda _: self.export_all())
        draw = button("Draw the printable page", "image")
        draw.on_click(lambda _: self.draw_page())
        self.widget = self.form.layout(
            heading(
                "Preview: the bet canvas",
                "Drawn from the saved workshop; it changes as the workshop does. Dashed boxes "
                "marked ✗ say what the commitment card still lacks.",
            ),
            self.form.live(lambda w: canvas_html(bet_canvas(w), standalone=False)),
            widgets.HBox(
                [draw, self.paper],
                layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
            ),
            self.picture,
            heading(
                "Export",
                "Each file is saved beside the workshop file and offered as a download link "
                "below. Exporting again replaces the file.",
            ),
            *rows,
            everything,
            self.downloads,
        )

    def export(self, fmt: str, canvas: str | None) -> Path | None:
        """Write one export beside the workshop and add its download link."""
        try:
            workshop = self.session.latest()
            out = default_output(self.session.path, fmt, canvas)
            with noting_undrawn() as undrawn:
                write_export(workshop, fmt, out, canvas, self.paper.value, source=self.session.path)
        except WorkshopError as error:
            self.form.status.note(f"Not exported: {error.render()}", ok=False)
            return None
        except Exception as error:  # a form must say what went wrong, never show a traceback
            self.form.status.note(f"Not exported: {unexpected(error)}", ok=False)
            return None
        data = out.read_bytes()
        self.links[out.name] = (
            download_link(out.name, data, MEDIA_TYPES[fmt], out.name)
            + f"<small>{_size(len(data))}</small>"
        )
        if fmt in ("pdf", "png"):  # the pages drawn in a font of their own
            self.undrawn = f"{out.name}: {undrawn_note(undrawn)}" if undrawn else ""
        self.downloads.value = (
            f"<p title='{html.escape(str(out.parent))}'>Saved in the workshop folder, beside "
            f"<code>{html.escape(self.session.path.name)}</code>:</p><ul>"
            + "".join(f"<li>{link}</li>" for link in self.links.values())
            + "</ul>"
            + (f"<p>⚠ {html.escape(self.undrawn)}</p>" if self.undrawn else "")
        )
        self.form.status.note(f"Exported {out.name}")
        return out

    def export_all(self) -> list[Path]:
        failed: list[str] = []
        written: list[Path] = []
        for _, choices in CHOICES:
            for label, fmt, canvas in choices:
                path = self.export(fmt, canvas)
                if path is None:
                    failed.append(f"{canvas or 'data'} {label}")
                else:
                    written.append(path)
        if failed:
            self.form.status.note(
                f"Exported {len(written)} files; not exported: {', '.join(failed)}", ok=False
            )
        else:
            self.form.status.note(f"Exported {len(written)} files")
        return written

    def draw_page(self) -> None:
        """The PNG page as it prints: matplotlib takes about a second, so only on request."""
        from gaptools.export import export

        try:
            data = export(self.session.latest(), "png", "bet", self.paper.value)
        except WorkshopError as error:
            self.form.status.note(f"Not drawn: {error.render()}", ok=False)
            return
        except Exception as error:  # never a traceback in the form
            self.form.status.note(f"Not drawn: {unexpected(error)}", ok=False)
            return
        import base64

        encoded = base64.b64encode(data).decode("ascii")
        self.picture.value = (
            f"<img alt='The bet canvas as it prints' src='data:image/png;base64,{encoded}' "
            "style='max-width:100%;border:1px solid #999'>"
        )


def _size(count: int) -> str:
    return f" ({count / 1024:.0f} KB)" if count >= 1024 else f" ({count} bytes)"

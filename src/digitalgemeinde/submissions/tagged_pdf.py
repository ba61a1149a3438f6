"""A tagged, accessible PDF with fpdf2: headings, paragraphs and figures in its structure tree.

fpdf2 writes the structure tree (``/StructTreeRoot``, ``/MarkInfo``) for images with alt text and
keeps the document's language, title and outline; this writer adds headings (``/H1``, ``/H2``)
and paragraphs (``/P``) as marked content, so a screen reader reads the text in order. Each
tagged block stays on one page (a marked sequence must not cross a page break). The text is set
in Roboto, a Unicode TrueType font shipped with plonetheme.barceloneta (a dependency of every
Classic UI site), so ä, é, à and ’ print as they are.
"""

from contextlib import contextmanager
from importlib.resources import files

from fpdf import FPDF
from fpdf.enums import MethodReturnValue
from fpdf.enums import XPos
from fpdf.enums import YPos
from fpdf.prefs import ViewerPreferences

FONT = "Roboto"
FONT_FILES = {"": "roboto-regular.ttf", "B": "roboto-bold.ttf"}
HEADING_SIZES = {1: 18, 2: 13}
LINE = 6


def font_path(name: str) -> str:
    return str(files("plonetheme.barceloneta") / "theme" / "roboto" / name)


class TaggedPDF(FPDF):
    """An A4 document in ``language`` (e.g. ``fr-CH``) whose text is tagged as it is written."""

    def __init__(self, language: str, title: str):
        super().__init__(format="A4")
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, font_path(name))
        self.set_lang(language)
        self.set_title(title)
        self.viewer_preferences = ViewerPreferences(display_doc_title=True)
        self.set_auto_page_break(True, margin=18)
        self.add_page()
        self.set_font(FONT, "", 11)

    @contextmanager
    def tagged(self, struct_type: str, **entries):
        """Marked content of ``struct_type`` (``P``, ``H1``, ...) in the structure tree."""
        mcid = self.struct_builder.next_mcid_for_page(self.page)
        self._add_marked_content(struct_type=f"/{struct_type}", mcid=mcid, **entries)
        self._out(f"/{struct_type} <</MCID {mcid}>> BDC")
        yield
        self._out("EMC")

    def keep_on_page(self, text: str, height: float) -> list[str]:
        """The lines of ``text``; starts a new page first if they fit there but not here."""
        lines = self.multi_cell(
            0, height, text, dry_run=True, output=MethodReturnValue.LINES, markdown=False
        )
        needed = len(lines) * height
        if self.y + needed > self.page_break_trigger and needed <= self.eph:
            self.add_page()
        return lines

    def block(self, struct_type: str, text: str, style: str = "", size: float = 11, **cell):
        """One tagged block of text; one that is longer than a page is tagged line by line."""
        self.set_font(FONT, style, size)
        height = LINE * size / 11
        lines = self.keep_on_page(text, height)
        chunks = [text] if len(lines) * height <= self.eph else lines
        for chunk in chunks:
            if self.y + height > self.page_break_trigger:
                self.add_page()
            with self.tagged(struct_type):
                self.multi_cell(0, height, chunk, new_x=XPos.LMARGIN, new_y=YPos.NEXT, **cell)
        self.set_font(FONT, "", 11)

    def heading(self, text: str, level: int = 1):
        """A heading: tagged ``/H1`` or ``/H2`` and an entry of the document outline."""
        self.ln(2 if level > 1 else 0)
        self.set_font(FONT, "B", HEADING_SIZES[level])
        self.keep_on_page(text + "\n\n\n", LINE * HEADING_SIZES[level] / 11)
        self.start_section(text, level=level - 1, strict=False)
        self.block(f"H{level}", text, "B", HEADING_SIZES[level])

    def paragraph(self, text: str, style: str = "", size: float = 11, **cell):
        self.block("P", text, style, size, **cell)

    def figure(self, image, width: float, alt_text: str):
        """An image with its alternative text (fpdf2 tags it as ``/Figure``)."""
        if self.y + width > self.page_break_trigger:
            self.add_page()
        self.image(image, w=width, alt_text=alt_text)

    def output_bytes(self) -> bytes:
        return bytes(self.output())

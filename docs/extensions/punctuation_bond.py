"""Keep a punctuation mark on the line of the inline code just before it.

No line may start with 、，。 and the like in Chinese (nor with , . ; : in
English), and browsers keep such a mark with the word before it; but
Chromium breaks between a bordered inline box (``code.literal``) and the
mark. On a phone the Chinese title of synchronization.html started a line
with "、", and summary.html's English a line with ",". The code and the
mark's first character go into ``<span class="nobreak">`` (``white-space:
nowrap`` in custom.css), so the only break between them is gone; the code
inside still wraps where it did (narrow-screens.css).

The bond is made on the read doctree, translations included, so the titles
Sphinx collects for the navigation and the previous/next links have it too.
"""
from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform

NO_LINE_START = "、，。：；！？）》」』,.;:!?)"


def ends_in_code(node: nodes.Node) -> bool:
    """Inline code, or a link or other inline whose last part is inline code."""
    while isinstance(node, nodes.Inline) and not isinstance(node, nodes.literal):
        if not node.children:
            return False
        node = node.children[-1]
    return isinstance(node, nodes.literal)


class BondPunctuationToCode(SphinxTransform):
    default_priority = 800  # after the Locale transform (20): on the translated text

    def apply(self, **kwargs) -> None:
        if self.app.builder.format != "html":
            return  # the gettext builder's messages stay as written
        for following in list(self.document.findall(nodes.Text)):
            parent = following.parent
            if parent is None or not str(following)[:1] in NO_LINE_START:
                continue
            index = parent.index(following)
            if index == 0 or not ends_in_code(box := parent[index - 1]):
                continue
            bond = nodes.inline("", "", classes=["nobreak"])
            parent.replace(box, bond)
            bond += box
            bond += nodes.Text(str(following)[0])
            rest = str(following)[1:]
            if rest:
                parent.replace(following, nodes.Text(rest))
            else:
                parent.remove(following)


def setup(app):
    app.add_transform(BondPunctuationToCode)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}

"""jieba's splits of the Chinese tree's texts, kept from one build to the next.

jieba needs its dictionary to split a text, and loading it costs about
0.65 s of processor time in every sphinx-build of the Chinese tree: after
the last example of a rebuild has ended, that was a third of the time until
the site was ready, though the page written again held no new Chinese text,
only a changed script or output. So each split is kept beside the doctrees,
keyed by the text and stamped with all that a split depends on (jieba's
version and the user dictionary), and so are the dictionary's ASCII words:
jieba looks up only parts of the text it splits, so for a text of ASCII
characters alone (code, an output) those few words split it exactly as the
whole dictionary would. The dictionary is loaded only for a new text with
other characters. The search index is the same either way (the tests
compare both on every example script).

Used by zh_support.SearchChineseLazy; not an extension of its own.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import threading
from pathlib import Path
from typing import Callable, Iterable

_MISSING = object()


def stamp(user_dict: str) -> str:
    """What a split depends on: jieba's version and the user dictionary."""
    try:
        import jieba
        version = jieba.__version__
    except (ImportError, AttributeError):
        version = ""
    try:
        words = Path(user_dict).read_bytes() if user_dict else b""
    except OSError:
        words = b""
    return hashlib.sha256(version.encode() + b"\0" + words).hexdigest()


class Splits:
    """A text's split, from the kept ones or from jieba.

    ``load`` loads jieba's dictionary. With no usable kept splits (a first
    build, a new jieba or user dictionary) every text is new: the dictionary
    is then loaded at once, in a thread, while Sphinx reads the pages and
    waits for the examples, as it was before splits were kept.
    """

    def __init__(self, path: Path | None, stamp: str, load: Callable[[], None]):
        self.path, self.stamp = path, stamp
        self.kept, self.ascii_words, self.total = self._read()
        self.used: dict[str, list[str]] = {}
        self._load, self._loaded = load, False
        self._loading = None
        self._ascii = None  # a jieba tokenizer with the ASCII words only
        if not self.kept:
            self._loading = threading.Thread(target=load, daemon=True,
                                             name="jieba dictionary")
            self._loading.start()

    def _read(self) -> tuple[dict[str, list[str]], dict[str, int], int]:
        if self.path is None:
            return {}, {}, 0
        try:
            with open(self.path, "rb") as file:
                kept_stamp, splits, ascii_words, total = pickle.load(file)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            return {}, {}, 0  # none yet, cut short, or older: split everything again
        if kept_stamp != self.stamp:
            return {}, {}, 0
        return splits, ascii_words, total

    def split(self, text: str, cut: Callable[[str], Iterable[str]]) -> list[str]:
        words = self.kept.get(text, _MISSING)
        if words is _MISSING:
            words = self.used.get(text, _MISSING)
        if words is _MISSING:
            if text.isascii() and self.total and not self._loaded:
                words = list(self._ascii_tokenizer().cut_for_search(text))
            else:
                self._ready()
                words = list(cut(text))
        self.used[text] = words
        return words

    def _ascii_tokenizer(self):
        if self._ascii is None:
            import jieba

            self._ascii = jieba.Tokenizer()
            self._ascii.FREQ, self._ascii.total = dict(self.ascii_words), self.total
            self._ascii.initialized = True  # it must not load the dictionary
        return self._ascii

    def _ready(self) -> None:
        if self._loaded:
            return
        if self._loading is not None:
            self._loading.join()
        else:
            self._load()
        self._loaded = True

    def save(self) -> None:
        """Keep this build's splits with the earlier ones (a rebuild splits
        only the pages it writes again); write only if something is new."""
        splits = {**self.kept, **self.used}
        if self._loaded:  # the dictionary as this build loaded it
            import jieba

            self.ascii_words = {word: count for word, count in jieba.dt.FREQ.items()
                                if word.isascii()}
            self.total = jieba.dt.total
        elif splits.keys() == self.kept.keys():
            return
        if not self.total or self.path is None:
            return  # jieba is not installed, or nowhere to keep them
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + f".{os.getpid()}")
        with open(partial, "wb") as file:
            pickle.dump((self.stamp, splits, self.ascii_words, self.total), file,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, self.path)  # a build killed meanwhile leaves the old file

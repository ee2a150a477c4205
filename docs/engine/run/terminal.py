"""What a terminal shows of a run's output, kept as it arrives."""
from __future__ import annotations

import codecs
import collections

# Lines kept: the first HEAD_LINES and the last TAIL_LINES (the end of an
# output is usually its result: a total, a traceback); the lines between
# are only counted, and reported as cut where they were.
HEAD_LINES, TAIL_LINES = 300, 100
MAX_LINES = HEAD_LINES + TAIL_LINES
MAX_LINE_CHARS = 2000


class Output:
    """The output of a run as a terminal shows it, kept as it arrives.

    Only what is shown is kept: the first HEAD_LINES lines and the last
    TAIL_LINES, each cut to MAX_LINE_CHARS characters; the lines between
    are only counted (``cut_lines``, ``cut_chars``; ``cut_at`` is where they
    were), so memory stays flat whatever an example prints. A carriage
    return moves back to the start of the line, as in a terminal: a
    progress bar redrawn with "\r" shows its last frame, over whatever of
    the earlier ones it did not cover.
    """

    def __init__(self):
        self.lines: list[list] = []  # [seconds since start, text]
        self.cut_lines = self.cut_chars = 0
        self.cut_at = 0  # lines were cut after lines[cut_at - 1] (if any were)
        self.timed_out = False
        self.held_by: list[str] = []
        self.left_running: list[str] = []
        self.processes: list[dict] = []  # recorder.py's record of the run
        self._tail = collections.deque()  # [seconds, text, characters]
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._text = ""  # the line being written, at most MAX_LINE_CHARS
        self._width = 0  # its width on the terminal, kept or not
        self._column = 0
        self._open = False  # a line has begun and not ended

    def feed(self, when: float, data: bytes) -> None:
        self._add(when, self._decoder.decode(data))

    def finish(self, when: float) -> None:
        self._add(when, self._decoder.decode(b"", True))
        if self._open:
            self._end(when)
        if self.cut_lines:
            self.cut_at = len(self.lines)
        self.lines.extend([when, text] for when, text, _ in self._tail)
        self._tail.clear()

    def _add(self, when, text):
        checked = False  # for a flood, once a chunk
        while text:
            newline = text.find("\n")
            self._write(text if newline < 0 else text[:newline])
            if newline < 0:
                return
            self._end(when)
            text = text[newline + 1:]
            if checked or len(self.lines) < HEAD_LINES:
                continue
            checked = True
            if text.count("\n") > TAIL_LINES:
                # A flood: of the whole lines left, only the last TAIL_LINES
                # can be kept; the others are counted, not drawn.
                cut = len(text)
                for _ in range(TAIL_LINES + 1):
                    cut = text.rindex("\n", 0, cut)
                skipped, text = text[:cut + 1], text[cut + 1:]
                newlines = skipped.count("\n")
                self._drop(newlines, len(skipped) - newlines - skipped.count("\r"))

    def _write(self, segment: str) -> None:
        self._open = True
        for number, frame in enumerate(segment.split("\r")):
            if number:
                self._column = 0
            end = self._column + len(frame)
            if frame and self._column < MAX_LINE_CHARS:
                kept = self._text
                self._text = (kept[:self._column] + frame[:MAX_LINE_CHARS - self._column]
                              + kept[end:])[:MAX_LINE_CHARS]
            self._column = end
            self._width = max(self._width, end)

    def _end(self, when: float) -> None:
        text = self._text
        if self._width > MAX_LINE_CHARS:
            text += f" [… {self._width - MAX_LINE_CHARS} characters cut]"
        self.cut_chars += max(0, self._width - MAX_LINE_CHARS)
        if len(self.lines) < HEAD_LINES:
            self.lines.append([round(when, 3), text])
        else:  # what is cut if it is dropped: what was kept of it
            self._tail.append([round(when, 3), text, min(self._width, MAX_LINE_CHARS)])
            if len(self._tail) > TAIL_LINES:
                self._drop(1, self._tail.popleft()[2])
        self._text, self._width, self._column, self._open = "", 0, 0, False

    def _drop(self, lines: int, chars: int) -> None:
        """Count lines cut from between the head and the tail."""
        self.cut_lines += lines
        self.cut_chars += chars

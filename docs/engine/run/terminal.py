"""What a terminal shows of a run's output, kept as it arrives."""
from __future__ import annotations

import codecs

MAX_LINES = 400  # lines kept; the rest is counted and reported as cut
MAX_LINE_CHARS = 2000


class Output:
    """The output of a run as a terminal shows it, kept as it arrives.

    Only what is shown is kept: the first MAX_LINES lines, each cut to
    MAX_LINE_CHARS characters; the rest is only counted, so memory stays
    flat whatever an example prints. A carriage return moves back to the
    start of the line, as in a terminal: a progress bar redrawn with "\r"
    shows its last frame, over whatever of the earlier ones it did not cover.
    """

    def __init__(self):
        self.lines: list[list] = []  # [seconds since start, text]
        self.cut_lines = self.cut_chars = 0
        self.timed_out = False
        self.held_by: list[str] = []
        self.left_running: list[str] = []
        self.processes: list[dict] = []  # recorder.py's record of the run
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

    def _add(self, when, text):
        while text:
            if len(self.lines) >= MAX_LINES:  # only count from here on
                newlines = text.count("\n")
                self.cut_lines += newlines
                self.cut_chars += len(text) - newlines - text.count("\r")
                self._open = not text.endswith("\n")
                return
            newline = text.find("\n")
            self._write(text if newline < 0 else text[:newline])
            if newline < 0:
                return
            self._end(when)
            text = text[newline + 1:]

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
        if len(self.lines) >= MAX_LINES:
            self.cut_lines += 1
            self.cut_chars += self._width
        else:
            text = self._text
            if self._width > MAX_LINE_CHARS:
                cut = self._width - MAX_LINE_CHARS
                self.cut_chars += cut
                text += f" [… {cut} characters cut]"
            self.lines.append([round(when, 3), text])
        self._text, self._width, self._column, self._open = "", 0, 0, False

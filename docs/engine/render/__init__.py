"""Render what the store holds into the pages: Sphinx extensions.

example.py is the ``{example}`` directive (a script, and one tab per result
with its figure); tabs.py names the tabs for their readers; timeline.py
draws a run's processes; neutral_paths.py shows the build machine's paths
as a reader's; words.py gives the words they write in the page's language.
They never run an example: capture.py has done that by the time a page is
written.
"""

"""The engine: run each example as a reader would, keep what it did, judge it
by the claims its page makes, and render it into the page.

Layers, each importing only those below it (docs/engine/README.md draws them):

    build, live, bench            the commands on top (docs/*.py start them)
    capture, merge                bring the results up to date / take others'
    render/                       Sphinx extensions: show what the store holds
    claims                        judge a result by docs/claims/<page>.py
    store                         where results are kept: key, layout, lock
    run/                          run one example; record its processes
    examples                      examples/ and its manifest, examples.toml
    config                        where things are; the start methods
"""

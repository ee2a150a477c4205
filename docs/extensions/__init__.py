"""The site's Sphinx extensions that are not about examples: the language
switch, Chinese search and index, the translation catalogs, and a quicker
MyST for translated messages. They use the engine's layers; of the
engine only the build, on top, uses them (catalogs, the language switch)."""

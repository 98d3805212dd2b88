"""The knowledge base: YAML with lines -> schema -> typed model -> rules, and the `validate` command.

Entry points: macros.kb.load (load_kb, check_kb, validate). Imports no MkDocs.
"""

"""Markdown for each page type (one module each) and what they share: common, refs, text, i18n,
kits, search terms. Imports no MkDocs."""

"""The decision: the engine over a validated KnowledgeBase, the tree built from it, the scenario
rules of the validator and the JSON API. Imports no MkDocs."""

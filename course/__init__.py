"""Éveil IA's domain: models and rules, free of any web framework."""

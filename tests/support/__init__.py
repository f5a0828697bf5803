"""Helpers shared by the test tiers: servers, fixtures and plugins, never tests.

Importable as ``support.x`` because pytest.ini puts tests/ on the path; a test module
imports from here, never from another test module.
"""

"""Programmes and projects: phases, work-streams, deliverables (to be built on the governance core)."""

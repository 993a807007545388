"""Risk and issue registers (to be built on projects and governance)."""

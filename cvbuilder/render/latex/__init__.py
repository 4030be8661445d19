"""LaTeX output: escaping, the preamble and the building blocks layouts use."""

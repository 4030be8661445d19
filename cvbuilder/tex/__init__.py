"""Running TeX: engines, the sandboxed compile, publishing, PNG pages."""

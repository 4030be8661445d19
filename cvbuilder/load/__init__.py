"""Loading a profile: YAML with positions, every problem at once, referenced files."""

"""The profile's schema: Pydantic models, dates, the characters TeX can set, field docs."""

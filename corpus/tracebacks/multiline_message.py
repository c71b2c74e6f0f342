def validate(rows):
    errors = [f"row {i}: {r!r} is not a number" for i, r in enumerate(rows) if not isinstance(r, int)]
    if errors:
        raise ValueError("invalid input:\n" + "\n".join(errors))


validate([1, 2])
validate([1, "x", 3, None])

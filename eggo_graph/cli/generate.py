"""stub"""
EXAMPLES = "Examples:\n\n  eggo generate\n"


def generate() -> None:
    """Stub."""

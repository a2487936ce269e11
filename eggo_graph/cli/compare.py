"""stub"""
EXAMPLES = "Examples:\n\n  eggo compare\n"


def compare() -> None:
    """Stub."""

"""`python -m eggo_graph` runs the eggo command line."""

from .cli import main

main()

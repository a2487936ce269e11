"""Figures of an assessment for ``eggo report``: matplotlib charts (``charts``) and the drawing of
the dimension graph (``dimension_graph``). Import the modules themselves: matplotlib and Graphviz
load only when a figure is drawn."""

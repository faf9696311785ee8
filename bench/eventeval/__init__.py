"""Event-level evaluation (issue 13): the hand-made gold in bench/event_gold/, the corpus texts it points into, and
the scorer. Pure code only: the runnable entry point is `bench/event_eval.py`; the annotation guide is
bench/EVENT_ANNOTATION.md.
"""

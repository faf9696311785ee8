"""Timex evaluation (issue 3): corpus readers, the TempEval-3 scorer, systems to compare and report helpers.

Pure code only: the runnable entry points are `bench/timex_eval.py` and `bench/timex_speed.py`.
"""

"""Benchmarks and evaluation harnesses; run the scripts in this folder, they are not part of the chronik package."""

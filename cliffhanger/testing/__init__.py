"""
What the tests and the benchmarks share, so neither imports the other: the
servers they start (processes), a reader's HTTP client (reader) and the load
clients of the load tests and bench/load.py (load_clients). Never imported by
the product.
"""

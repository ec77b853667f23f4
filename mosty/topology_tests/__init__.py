"""Tests of the production topology: several app processes and a worker on real engines."""

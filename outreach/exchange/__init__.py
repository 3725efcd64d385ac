"""Merging laptops: a bundle of one programme file's rows, merged into another by id."""

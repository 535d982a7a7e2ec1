"""Prefect flows: thin wrappers over juesuan.pipeline."""

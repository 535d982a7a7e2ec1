"""Golden stores: small hand-made stores whose every metric has a known answer."""

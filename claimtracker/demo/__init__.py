"""The demo case: the San Quentin photoshoot story (May–June 2019)."""

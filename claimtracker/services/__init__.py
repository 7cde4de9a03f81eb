"""Domain operations. Web views, the JSON API and the CLI all write through here."""

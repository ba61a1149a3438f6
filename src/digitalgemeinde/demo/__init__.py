"""Demo content for a new site: canton Basel-Landschaft and three of its municipalities."""

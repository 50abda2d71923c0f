"""What kinds of problem exist: 17 categories, 133 subcategories, time limits, standards."""

"""Read stage: find the pages, decode them, and read what editors and pages say about them."""

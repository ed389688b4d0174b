"""Group stage: articles per park, topic and month."""

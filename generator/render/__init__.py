"""Render stage: Jinja2 templates in site_templates/ → the site's Markdown pages."""

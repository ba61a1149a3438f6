"""The portal's own chrome around every page, on top of Barceloneta: skip link, logo and name,
"Meine Anliegen" in the header, our footer instead of Plone's, no editing toolbar for
citizens, and a CSS bundle (static/portal.css) for WCAG 2.1 AA contrast and a visible focus."""

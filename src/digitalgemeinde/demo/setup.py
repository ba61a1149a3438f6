"""Create the demo content (post handler of the digitalgemeinde:demo profile)."""


def create_demo_content(context):
    """Filled in by the demo content work."""

"""Citizen requests: delivery from the form to the office, references, mail, case log."""

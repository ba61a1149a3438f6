"""How a citizen's request form (an EasyForm) is shown: errors that say where, uploads that
survive an error, autofill. Registered on the add-on's browser layer only."""

"""The attack cases of the security model, one module per case: each proves that the attack is
refused and that the legitimate path next to it still works."""

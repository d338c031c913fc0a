"""e-Mitra: a portal for a state's network of citizen-service kiosks."""

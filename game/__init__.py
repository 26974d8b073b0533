"""Sispamkota Trainer: a public-order policing simulator."""

"""Contracts shared by Netra services: event envelope, payload models, topic registry."""

"""ccplan: plan the move of a UK public-sector contact centre from one provider to another."""

__version__ = "0.1.0"

"""emrgen: EMR Studio runtime-role infrastructure from one YAML spec."""

__version__ = "0.1.0"

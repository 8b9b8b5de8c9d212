"""Reading a spec: load (YAML with marks), schema (structure), model (typed), rules (AWS checks)."""
